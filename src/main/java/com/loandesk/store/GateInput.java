package com.loandesk.store;

import com.loandesk.rules.CallbackRequest;
import com.loandesk.rules.Consent;
import com.loandesk.rules.InconvenientTime;
import com.loandesk.rules.PastContact;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the gate reads for one batch, all under the borrowers' locks. Maps are keyed by borrower, holds by case. */
public record GateInput(
        List<TaskRow> tasks,
        Map<Long, List<PastContact>> contactsByBorrower,
        Map<Long, Set<String>> holdsByCase,
        Map<Long, List<Consent>> consentsByBorrower,
        Map<Long, List<CallbackRequest>> callbacksByBorrower,
        Map<Long, List<InconvenientTime>> inconvenientByBorrower) {
}
