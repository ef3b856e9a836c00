package com.loandesk.audit;

/**
 * A table made tamper-evident by a hash chain: its name (also the chain's), the sequence its ids come from, and
 * the canonical text of a row, the only thing hashed. The text is PostgreSQL's rendering of a record of every
 * column in order (the composite-type text form: a field holding a delimiter, quote or space is quoted, NULL is
 * empty, an empty string is ""), with times as epoch microseconds, so it is the same whatever the session's time
 * zone or date style, and jsonb in its own normalised text. It costs about half of a jsonb array's rendering.
 */
public enum ChainedTable {

    CASE_HISTORY("case_history", "case_history_id_seq",
            "row(id, case_id, task_id, (extract(epoch from at) * 1000000)::bigint, event, state, rule_id, policy, "
                    + "provider_ref, actor, detail)::text"),
    ACCESS_AUDIT("access_audit", "access_audit_id_seq",
            "row(id, (extract(epoch from at) * 1000000)::bigint, actor, role, action, case_id, target, detail)::text");

    private final String table;
    private final String sequence;
    private final String canonical;

    ChainedTable(String table, String sequence, String canonical) {
        this.table = table;
        this.sequence = sequence;
        this.canonical = canonical;
    }

    /** The table's name, which is also its chain's name in chain_head and chain_block. */
    public String table() {
        return table;
    }

    String sequence() {
        return sequence;
    }

    /** SQL: the canonical text of a row of this table (its columns unqualified). */
    public String canonical() {
        return canonical;
    }

    /** SQL: the row's hash, sha256 of its canonical text in UTF-8. */
    public String rowHash() {
        return "sha256(convert_to(" + canonical + ", 'UTF8'))";
    }

    public static ChainedTable named(String name) {
        for (ChainedTable t : values()) {
            if (t.table.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("no chained table " + name + " (known: case_history, access_audit)");
    }
}
