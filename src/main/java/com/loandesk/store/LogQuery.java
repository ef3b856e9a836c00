package com.loandesk.store;

import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A filtered read of the compliance log: case_history joined to its case, borrower and (when the event
 * is about a task) the task and the contact point used. Only the filters given become SQL, each a fixed
 * fragment with a positional parameter; ordered and paged by (at, id), oldest or newest first.
 *
 * @param collector   restricts to cases assigned to this collector (forced for collectors)
 * @param afterAt     keyset cursor: rows strictly after (afterAt, afterId) in the order asked for
 * @param limit       at most this many rows; null: all (the CSV stream)
 * @param newestFirst newest first (by at, id descending), else oldest first
 */
public record LogQuery(String borrowerRef, String caseRef, String channel, String event, String state, String ruleId,
                       String actor, String collector, Instant from, Instant to, Instant afterAt, Long afterId,
                       Integer limit, boolean newestFirst) {

    /** Counted up to this many matching rows; past it the total says "more than". */
    public static final int COUNT_CAP = 10_000;

    /**
     * Every join is a left join on a primary key (a history row always has its case, and cases and borrowers are never
     * deleted): a count that filters on none of the joined tables never reads them, for PostgreSQL drops such joins.
     */
    static final String FROM = """
              from case_history h
              left join collection_case c on c.id = h.case_id
              left join borrower b on b.id = c.borrower_id
              left join contact_task t on t.id = h.task_id
              left join contact_point p on p.id = t.contact_point_id
            """;

    static final String SELECT = """
            select h.id, h.at, h.event, h.state, h.rule_id, h.policy, h.provider_ref, h.actor, h.task_id, h.detail,
                   c.external_id as case_ref, b.external_id as borrower_ref, c.assigned_collector,
                   t.channel, t.template, p.kind as point_kind, p.value as point_value
            """ + FROM;

    /** The SQL text and its parameters. */
    public record Sql(String text, Tuple params) {
    }

    public Sql toSql() {
        Tuple params = Tuple.tuple();
        List<String> where = filters(params);
        if (afterAt != null && afterId != null) {
            params.addValue(Timestamps.ts(afterAt)).addValue(afterId);
            where.add("(h.at, h.id) " + (newestFirst ? "<" : ">") + " ($" + (params.size() - 1) + ", $" + params.size() + ")");
        }
        StringBuilder sql = new StringBuilder(SELECT);
        if (!where.isEmpty()) {
            sql.append(" where ").append(String.join("\n   and ", where));
        }
        sql.append(newestFirst ? "\n order by h.at desc, h.id desc" : "\n order by h.at, h.id");
        if (limit != null) {
            params.addValue(limit);
            sql.append("\n limit $").append(params.size());
        }
        return new Sql(sql.toString(), params);
    }

    /** How many rows match the filters (the cursor and page aside), counted up to {@link #COUNT_CAP} plus one. */
    public Sql toCountSql() {
        Tuple params = Tuple.tuple();
        List<String> where = filters(params);
        params.addValue(COUNT_CAP + 1);
        return new Sql("select count(*) as n from (select 1 " + FROM + (where.isEmpty() ? "" : " where " + String.join("\n   and ", where))
                + "\n limit $" + params.size() + ") matching", params);
    }

    private List<String> filters(Tuple params) {
        List<String> where = new ArrayList<>();
        add(where, params, "b.external_id = $%d", borrowerRef);
        add(where, params, "c.external_id = $%d", caseRef);
        add(where, params, "t.channel = $%d", channel);
        add(where, params, "h.event = $%d", event);
        add(where, params, "h.state = $%d", state);
        add(where, params, "h.rule_id = $%d", ruleId);
        add(where, params, "h.actor = $%d", actor);
        add(where, params, "c.assigned_collector = $%d", collector);
        add(where, params, "h.at >= $%d", from == null ? null : Timestamps.ts(from));
        add(where, params, "h.at < $%d", to == null ? null : Timestamps.ts(to));
        return where;
    }

    private static void add(List<String> where, Tuple params, String fragment, Object value) {
        if (value != null) {
            params.addValue(value);
            where.add(fragment.formatted(params.size()));
        }
    }
}
