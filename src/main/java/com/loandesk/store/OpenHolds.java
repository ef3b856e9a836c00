package com.loandesk.store;

import java.time.Instant;
import java.util.List;

/**
 * A page of the open holds, newest first, with the cursor of the next page (null at the end).
 *
 * @param holds the page: each hold with the reference of its case
 * @param next  the last hold's (set at, id), where the next page starts; null when there is none
 */
public record OpenHolds(List<OnCase> holds, Cursor next) {

    /** An open hold and the case it holds. */
    public record OnCase(String caseRef, Hold hold) {
    }

    /** Where a page of open holds starts: after the hold set at {@code setAt} with id {@code id}, newest first. */
    public record Cursor(Instant setAt, long id) {

        /** "2026-11-24T10:00:00Z~42", as {@link #text()} writes it; IllegalArgumentException otherwise. */
        public static Cursor parse(String text) {
            int tilde = text.lastIndexOf('~');
            try {
                return new Cursor(Instant.parse(text.substring(0, tilde)), Long.parseLong(text.substring(tilde + 1)));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("is not a cursor this service gave");
            }
        }

        public String text() {
            return setAt + "~" + id;
        }
    }
}
