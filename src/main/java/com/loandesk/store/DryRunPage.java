package com.loandesk.store;

/**
 * A page of a wave selection's dry run: the contacts (whole borrowers) with the facts the gate reads, and where the
 * next page starts (null: this was the last).
 */
public record DryRunPage(GateInput input, Cursor next) {

    /** After borrower {@code borrowerId}'s case {@code caseId} (Long.MAX_VALUE: after all of the borrower's cases). */
    public record Cursor(long borrowerId, long caseId) {

        /** "borrowerId.caseId", as the API hands it out. */
        public String text() {
            return borrowerId + "." + caseId;
        }

        /** The cursor of {@code text}; IllegalArgumentException when it is not one. */
        public static Cursor parse(String text) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9]{1,18})\\.([0-9]{1,19})").matcher(text);
            if (!m.matches()) {
                throw new IllegalArgumentException("must be the next cursor of a previous page");
            }
            try {
                return new Cursor(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("must be the next cursor of a previous page");
            }
        }
    }
}
