package com.loandesk.store;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/** One case with its borrower, as stored (the web layer masks what it shows). */
public record CaseDetail(long id, String caseRef, String product, String amountOverdue, String currency, LocalDate dueDate,
                         int daysPastDue, String stage, String status, String riskGrade, boolean solExpired,
                         String assignedCollector, OffsetDateTime updatedAt, long borrowerId, String borrowerRef,
                         String fullName, String locale, String timeZone, String addressRegion, String postalCode,
                         String jurisdiction) {

    static CaseDetail of(Row c) {
        return new CaseDetail(c.getLong("id"), c.getString("external_id"), c.getString("product"), c.getString("amount"),
                c.getString("currency"), c.getLocalDate("due_date"), c.getInteger("days_past_due"), c.getString("stage"),
                c.getString("status"), c.getString("risk_grade"), c.getBoolean("sol_expired"), c.getString("assigned_collector"),
                c.getOffsetDateTime("updated_at"), c.getLong("borrower_id"), c.getString("borrower_ref"), c.getString("full_name"),
                c.getString("locale"), c.getString("time_zone"), c.getString("address_region"), c.getString("postal_code"),
                c.getString("jurisdiction"));
    }

    /** One of the borrower's contact points, with its consents, opt-outs and last reassigned-numbers check. */
    public record Point(long id, String kind, String value, String role, int priority, boolean smsConsent, boolean voiceConsent,
                        boolean thirdPartyConsent, boolean smsOptedOut, boolean voiceOptedOut, boolean emailOptedOut,
                        List<String> invalidChannels, OffsetDateTime lastInboundTextAt, JsonArray consentEvidence,
                        OffsetDateTime rndCheckedAt, String rndResult, LocalDate rndSince, String rndSource, String rndProof) {

        static Point of(Row p) {
            return new Point(p.getLong("id"), p.getString("kind"), p.getString("value"), p.getString("role"),
                    p.getInteger("priority"), p.getBoolean("sms_consent"), p.getBoolean("voice_consent"),
                    p.getBoolean("third_party_consent"), p.getBoolean("sms_opted_out"), p.getBoolean("voice_opted_out"),
                    p.getBoolean("email_opted_out"), List.of(p.getArrayOfStrings("invalid_channels")), p.getOffsetDateTime("last_inbound_text_at"),
                    p.getValue("consent_evidence") instanceof JsonArray a ? a : new JsonArray(),
                    p.getOffsetDateTime("rnd_checked_at"), p.getString("rnd_result"), p.getLocalDate("rnd_since"),
                    p.getString("rnd_source"), p.getString("rnd_proof"));
        }
    }

    /** One entry of the case's history, with the channel, template and contact kind of its task when it has one. */
    public record HistoryEntry(long id, Long taskId, OffsetDateTime at, String event, String state, String ruleId, String policy,
                               String providerRef, String actor, JsonObject detail, String channel, String template,
                               String pointKind) {

        static HistoryEntry of(Row h) {
            return new HistoryEntry(h.getLong("id"), h.getLong("task_id"), h.getOffsetDateTime("at"), h.getString("event"),
                    h.getString("state"), h.getString("rule_id"), h.getString("policy"), h.getString("provider_ref"),
                    h.getString("actor"), h.getValue("detail") instanceof JsonObject o ? o : null, h.getString("channel"),
                    h.getString("template"), h.getString("point_kind"));
        }
    }
}
