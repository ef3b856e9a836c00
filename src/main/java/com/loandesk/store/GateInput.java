package com.loandesk.store;

import com.loandesk.rules.PastContact;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the gate reads for one batch, all under the borrowers' locks. */
public record GateInput(List<TaskRow> tasks, Map<Long, List<PastContact>> contactsByBorrower, Map<Long, Set<String>> holdsByCase) {
}
