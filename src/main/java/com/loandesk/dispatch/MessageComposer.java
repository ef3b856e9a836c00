package com.loandesk.dispatch;

import com.loandesk.channel.OutboundContact;
import com.loandesk.store.TaskRow;
import com.loandesk.templates.ApprovedTemplates;
import com.loandesk.templates.CaseVariables;
import com.loandesk.templates.ApprovedTemplates.Approved;
import java.util.Map;
import java.util.Optional;

/**
 * Renders a task's approved template for its borrower. Only an approved version can be rendered: a
 * task whose template has none (withdrawn after the gate let it through) is refused, never sent with
 * some other text.
 */
final class MessageComposer {

    private final ApprovedTemplates templates;
    private final String lender;

    MessageComposer(ApprovedTemplates templates, String lender) {
        this.templates = templates;
        this.lender = lender;
    }

    /** The contact ready to leave, or empty when no approved version exists or it cannot be rendered. */
    Optional<OutboundContact> compose(TaskRow t, int attempt) {
        return compose(t, attempt, null);
    }

    /** As {@link #compose(TaskRow, int)}, to be delivered within {@code deliverWithin} (the window's close; null: none). */
    Optional<OutboundContact> compose(TaskRow t, int attempt, java.time.Duration deliverWithin) {
        Optional<Approved> template = templates.find(t.template(), t.channel(), t.locale());
        if (template.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> vars = variables(t);
        Approved a = template.get();
        try {
            String subject = a.subject() == null ? null : a.subject().execute(vars);
            // the contact's locale is the language of the text: the version found may be the English fallback
            // of the borrower's locale, and a call speaks it with that language's voice
            String locale = a.locale() != null ? a.locale() : t.locale();
            return Optional.of(new OutboundContact(t.taskId(), t.caseId(), attempt, t.channel(), t.address(),
                    t.template(), locale, subject, a.body().execute(vars), deliverWithin,
                    (String) vars.get("firstName"), lender));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private Map<String, Object> variables(TaskRow t) {
        Map<String, Object> vars = CaseVariables.of(t.fullName(), t.amountOverdue(), t.currency(), t.dueDate(),
                t.daysPastDue(), t.caseRef(), t.product());
        vars.put("lenderName", lender);
        return vars;
    }
}
