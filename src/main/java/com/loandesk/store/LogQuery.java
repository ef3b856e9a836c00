package com.loandesk.store;

import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A filtered read of the compliance log: case_history joined to its case, borrower and (when the event
 * is about a task) the task and the contact point used. Only the filters given become SQL, each a fixed
 * fragment with a positional parameter; ordered and paged by (at, id).
 *
 * @param collector restricts to cases assigned to this collector (forced for collectors)
 * @param afterAt   keyset cursor: rows strictly after (afterAt, afterId)
 * @param limit     at most this many rows; null: all (the CSV stream)
 */
public record LogQuery(String borrowerRef, String caseRef, String channel, String event, String state, String ruleId,
                       String actor, String collector, Instant from, Instant to, Instant afterAt, Long afterId,
                       Integer limit) {

    static final String SELECT = """
            select h.id, h.at, h.event, h.state, h.rule_id, h.policy, h.provider_ref, h.actor, h.task_id, h.detail,
                   c.external_id as case_ref, b.external_id as borrower_ref, c.assigned_collector,
                   t.channel, t.template, p.kind as point_kind, p.value as point_value
              from case_history h
              join collection_case c on c.id = h.case_id
              join borrower b on b.id = c.borrower_id
              left join contact_task t on t.id = h.task_id
              left join contact_point p on p.id = t.contact_point_id
            """;

    /** The SQL text and its parameters. */
    public record Sql(String text, Tuple params) {
    }

    public Sql toSql() {
        List<String> where = new ArrayList<>();
        Tuple params = Tuple.tuple();
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
        if (afterAt != null && afterId != null) {
            params.addValue(Timestamps.ts(afterAt)).addValue(afterId);
            where.add("(h.at, h.id) > ($" + (params.size() - 1) + ", $" + params.size() + ")");
        }
        StringBuilder sql = new StringBuilder(SELECT);
        if (!where.isEmpty()) {
            sql.append(" where ").append(String.join("\n   and ", where));
        }
        sql.append("\n order by h.at, h.id");
        if (limit != null) {
            params.addValue(limit);
            sql.append("\n limit $").append(params.size());
        }
        return new Sql(sql.toString(), params);
    }

    private static void add(List<String> where, Tuple params, String fragment, Object value) {
        if (value != null) {
            params.addValue(value);
            where.add(fragment.formatted(params.size()));
        }
    }
}
