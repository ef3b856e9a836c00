package com.loandesk.templates;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The variables a case offers a template, built one way for previews and for sends, so a template
 * checked at creation renders the same at send time. {@code lenderName} is added by the caller.
 */
public final class CaseVariables {

    public static final Set<String> NAMES = Set.of("borrowerName", "firstName", "amount", "currency", "dueDate",
            "daysPastDue", "caseRef", "product", "lenderName");

    private CaseVariables() {
    }

    public static Map<String, Object> of(String fullName, BigDecimal amount, String currency, LocalDate dueDate,
                                         int daysPastDue, String caseRef, String product) {
        String name = fullName == null ? "" : fullName.trim();
        Map<String, Object> vars = new HashMap<>();
        vars.put("borrowerName", name);
        vars.put("firstName", name.contains(" ") ? name.substring(0, name.indexOf(' ')) : name);
        vars.put("amount", amount == null ? "" : amount.setScale(2, RoundingMode.HALF_UP).toPlainString());
        vars.put("currency", currency);
        vars.put("dueDate", dueDate == null ? "" : dueDate.toString());
        vars.put("daysPastDue", daysPastDue);
        vars.put("caseRef", caseRef);
        vars.put("product", product == null ? "" : product);
        return vars;
    }
}
