package com.loandesk.store;

import com.loandesk.rules.CallbackRequest;
import com.loandesk.rules.Consent;
import com.loandesk.rules.InconvenientTime;
import com.loandesk.rules.PastContact;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the gate reads for one batch, all under the borrowers' locks. Maps are keyed by borrower, holds by case.
 * {@code unreadableByBorrower} names, per borrower, a stored row the gate could not read (say a ledger row with an
 * unknown channel code): that borrower's contacts cannot be counted, so their tasks are blocked, not judged.
 */
public record GateInput(
        List<TaskRow> tasks,
        Map<Long, List<PastContact>> contactsByBorrower,
        Map<Long, Set<String>> holdsByCase,
        Map<Long, List<Consent>> consentsByBorrower,
        Map<Long, List<CallbackRequest>> callbacksByBorrower,
        Map<Long, List<InconvenientTime>> inconvenientByBorrower,
        Map<Long, String> unreadableByBorrower) {

    public GateInput(List<TaskRow> tasks, Map<Long, List<PastContact>> contactsByBorrower, Map<Long, Set<String>> holdsByCase,
                     Map<Long, List<Consent>> consentsByBorrower, Map<Long, List<CallbackRequest>> callbacksByBorrower,
                     Map<Long, List<InconvenientTime>> inconvenientByBorrower) {
        this(tasks, contactsByBorrower, holdsByCase, consentsByBorrower, callbacksByBorrower, inconvenientByBorrower, Map.of());
    }
}
