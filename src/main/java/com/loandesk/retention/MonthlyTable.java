package com.loandesk.retention;

import java.util.List;

/**
 * A record kept by whole months: a table partitioned by month of its {@code time} column, whose months past retention
 * are dropped whole. {@code chain}: the hash chain over its rows (com.loandesk.audit), or null; a chained table's
 * month goes only with every sealed block holding one of its rows.
 */
record MonthlyTable(String table, String time, String chain) {

    static final MonthlyTable HISTORY = new MonthlyTable("case_history", "at", "case_history");
    static final MonthlyTable LEDGER = new MonthlyTable("contact_attempt", "at", null);
    static final MonthlyTable PROVIDER_EVENTS = new MonthlyTable("provider_event", "received_at", null);
    static final MonthlyTable INBOUND = new MonthlyTable("inbound_message", "received_at", null);
    static final MonthlyTable ACCESS_AUDIT = new MonthlyTable("access_audit", "at", "access_audit");

    /** Every table kept by months, in the order a purge takes them. */
    static final List<MonthlyTable> ALL = List.of(HISTORY, LEDGER, PROVIDER_EVENTS, INBOUND, ACCESS_AUDIT);

    boolean chained() {
        return chain != null;
    }
}
