package com.loandesk.testsupport;

import java.util.Map;
import java.util.TreeMap;

/**
 * Generated import CSVs: {@code rows} valid US cases (two per borrower, a mobile each), with some rows made bad on
 * purpose; {@link #expectedRejects} says which rows and which field.
 */
public final class ImportFiles {

    public static final String HEADER = "borrower_external_id,borrower_name,address_region,jurisdiction,case_external_id,"
            + "product,amount_overdue,currency,due_date,days_past_due,stage,status,mobile,email,sms_consent\n";

    private final StringBuilder csv = new StringBuilder(HEADER);
    private final Map<Integer, String> rejects = new TreeMap<>();
    private int rows;

    /** {@code rows} rows; every {@code badEvery}-th row (0: none) has a malformed phone or an unknown stage, in turn. */
    public static ImportFiles generate(int rows, int badEvery) {
        ImportFiles f = new ImportFiles();
        for (int i = 1; i <= rows; i++) {
            boolean bad = badEvery > 0 && i % badEvery == 0;
            boolean badPhone = bad && (i / badEvery) % 2 == 1;
            f.add("B" + (i + 1) / 2, "C" + i, badPhone ? "12345" : "+1415" + (2_000_000 + i), bad && !badPhone ? "final" : "early");
            if (bad) {
                f.rejects.put(i, badPhone ? "mobile" : "stage");
            }
        }
        return f;
    }

    /** Appends a row of borrower {@code borrower}, case {@code caseRef}. */
    public ImportFiles add(String borrower, String caseRef, String mobile, String stage) {
        rows++;
        csv.append(borrower).append(",\"Doe, ").append(borrower).append("\",US-CA,US,").append(caseRef)
                .append(",personal-loan,1500.00,USD,2026-01-05,12,").append(stage).append(",overdue,").append(mobile)
                .append(',').append(borrower.toLowerCase()).append("@example.com,true\n");
        return this;
    }

    /** Appends a row expected to be rejected on {@code field}. */
    public ImportFiles addRejected(String borrower, String caseRef, String field) {
        add(borrower, caseRef, "+1415" + (3_000_000 + rows), "early");
        rejects.put(rows, field);
        return this;
    }

    public int rows() {
        return rows;
    }

    /** Row number (1-based among the data rows) → the field its rejection names. */
    public Map<Integer, String> expectedRejects() {
        return rejects;
    }

    public String csv() {
        return csv.toString();
    }
}
