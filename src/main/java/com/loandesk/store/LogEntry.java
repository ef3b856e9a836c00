package com.loandesk.store;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;

/**
 * One entry of the compliance log: a history row with its case, borrower, collector, and (when it is about a task)
 * the task's channel and template and the contact point used, as stored (the web layer masks the value).
 */
public record LogEntry(long id, OffsetDateTime at, String event, String state, String ruleId, String policy,
                       String providerRef, String actor, Long taskId, JsonObject detail, String caseRef, String borrowerRef,
                       String collector, String channel, String template, String pointKind, String pointValue) {

    static LogEntry of(Row r) {
        return new LogEntry(r.getLong("id"), r.getOffsetDateTime("at"), r.getString("event"), r.getString("state"),
                r.getString("rule_id"), r.getString("policy"), r.getString("provider_ref"), r.getString("actor"),
                r.getLong("task_id"), r.getValue("detail") instanceof JsonObject d ? d : null, r.getString("case_ref"),
                r.getString("borrower_ref"), r.getString("assigned_collector"), r.getString("channel"), r.getString("template"),
                r.getString("point_kind"), r.getString("point_value"));
    }
}
