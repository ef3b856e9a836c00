package com.loandesk.web.api;

import com.loandesk.cases.Masking;
import com.loandesk.store.LogEntry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/** A compliance-log entry as the web shows it: a page's JSON and the export's CSV line, contact values masked alike. */
public final class LogLines {

    /** The export's first line. */
    public static final String CSV_HEADER = "at,id,case_ref,borrower_ref,event,state,rule_id,policy,channel,template,contact_kind,"
            + "contact_value,provider_ref,actor,collector,detail\r\n";

    private LogLines() {
    }

    /** The entry's detail with the contact value it names masked, and no recording address. */
    private static JsonObject detail(LogEntry e) {
        java.util.Map<String, String> contact = e.pointKind() == null || e.pointValue() == null ? java.util.Map.of()
                : java.util.Map.of(e.pointValue(), e.pointKind());
        return e.detail() == null ? null : Masking.withoutRecordingUrl(Masking.contactValuesIn(e.detail(), contact));
    }

    /** The entry as the log's page shows it. */
    static JsonObject json(LogEntry e) {
        String kind = e.pointKind();
        return new JsonObject().put("id", e.id()).put("at", e.at().toInstant().toString())
                .put("caseRef", e.caseRef()).put("borrowerRef", e.borrowerRef())
                .put("event", e.event()).put("state", e.state()).put("ruleId", e.ruleId())
                .put("policy", e.policy()).put("channel", e.channel()).put("template", e.template())
                .put("contactKind", kind).put("contactValue", kind == null ? null : Masking.point(kind, e.pointValue()))
                .put("providerRef", e.providerRef()).put("actor", e.actor())
                .put("collector", e.collector()).put("taskId", e.taskId()).put("detail", detail(e));
    }

    /** One CSV line of the log's export (the value named by the entry masked, as on the page). */
    public static Buffer csv(LogEntry e) {
        String kind = e.pointKind();
        JsonObject d = detail(e);
        String[] cells = {e.at().toInstant().toString(), String.valueOf(e.id()), e.caseRef(),
                e.borrowerRef(), e.event(), e.state(), e.ruleId(), e.policy(),
                e.channel(), e.template(), kind, kind == null ? null : Masking.point(kind, e.pointValue()),
                e.providerRef(), e.actor(), e.collector(), d == null ? null : d.encode()};
        return Buffer.buffer(com.loandesk.csv.CsvLine.of((Object[]) cells));
    }
}
