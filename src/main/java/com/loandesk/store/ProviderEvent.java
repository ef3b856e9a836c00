package com.loandesk.store;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * One thing a provider told us about a message or call. {@code kind} is also the case-history event
 * name. {@code dedupeKey} makes a replay a no-op: the status for status events, the recording sid and
 * status for recordings, Twilio's idempotency token (or the payload) for the rest.
 *
 * @param providerSid the message or call sid (SM…, CA…) the event is about
 * @param rank        the status's {@link StatusRank}, or -1 when the event carries no status to advance
 */
public record ProviderEvent(String providerSid, String kind, String dedupeKey, String status, int rank,
                            Integer durationS, String answeredBy, Instant at, JsonObject detail) {

    public static final String DELIVERY_STATUS = "delivery_status";
    public static final String CALL_STATUS = "call_status";
    public static final String RECORDING = "recording";
    public static final String ANSWERED_BY = "answered_by";
    public static final String VOICEMAIL_DROP = "voicemail_drop";
    public static final String CALL_LEG = "call_leg";
    public static final String GATHER = "gather";
    public static final String AMD_VERDICT = "amd_verdict";

    public static ProviderEvent messageStatus(String messageSid, String status, String errorCode, Instant at) {
        JsonObject detail = new JsonObject().put("status", status);
        if (errorCode != null) {
            detail.put("errorCode", errorCode);
        }
        return new ProviderEvent(messageSid, DELIVERY_STATUS, status, status, StatusRank.ofMessage(status), null, null, at, detail);
    }

    public static ProviderEvent callStatus(String callSid, String status, Integer durationS, String answeredBy, Instant at) {
        JsonObject detail = new JsonObject().put("status", status);
        if (durationS != null) {
            detail.put("durationS", durationS);
        }
        if (answeredBy != null) {
            detail.put("answeredBy", answeredBy);
        }
        return new ProviderEvent(callSid, CALL_STATUS, status, status, StatusRank.ofCall(status), durationS, answeredBy, at, detail);
    }

    public static ProviderEvent recording(String callSid, String recordingSid, String recordingStatus, String recordingUrl,
                                          Integer durationS, Instant at) {
        JsonObject detail = new JsonObject().put("recordingSid", recordingSid).put("recordingStatus", recordingStatus)
                .put("recordingUrl", recordingUrl).put("recordingDurationS", durationS);
        return new ProviderEvent(callSid, RECORDING, recordingSid + ":" + recordingStatus, recordingStatus, -1, null, null, at, detail);
    }

    public static ProviderEvent answeredBy(String callSid, String answeredBy, String idempotencyToken, Instant at) {
        JsonObject detail = new JsonObject().put("answeredBy", answeredBy);
        return new ProviderEvent(callSid, ANSWERED_BY, idempotencyToken != null ? idempotencyToken : answeredBy, answeredBy,
                -1, null, answeredBy, at, detail);
    }

    /**
     * The limited-content voicemail left on a call, once per call: its fixed dedupe key makes a second
     * drop for the same call a replay, which {@link ProviderEvents#record} does not count as new.
     */
    /**
     * The detection verdict a call was acted on (a person greeted, a machine's voicemail), recorded once per call:
     * its unique row is the claim, so a replayed or contradicting verdict changes nothing.
     */
    public static ProviderEvent amdVerdict(String callSid, String answeredBy, Instant at) {
        JsonObject detail = new JsonObject().put("answeredBy", answeredBy);
        return new ProviderEvent(callSid, AMD_VERDICT, "once", "acted_on_" + answeredBy, -1, null, null, at, detail);
    }

    public static ProviderEvent voicemailDrop(String callSid, String answeredBy, Instant at) {
        JsonObject detail = new JsonObject().put("answeredBy", answeredBy);
        return new ProviderEvent(callSid, VOICEMAIL_DROP, "once", "voicemail_left", -1, null, null, at, detail);
    }

    /**
     * A status of the borrower's leg of a collector's bridged call (a callback carrying ParentCallSid),
     * recorded under the parent call's sid: the parent is the task's provider ref, and this leg alone says
     * whether the borrower answered and for how long.
     */
    public static ProviderEvent borrowerLeg(String parentSid, String legSid, String status, Integer durationS, Instant at) {
        JsonObject detail = new JsonObject().put("leg", "borrower").put("callSid", legSid).put("status", status);
        if (durationS != null) {
            detail.put("durationS", durationS);
        }
        return new ProviderEvent(parentSid, CALL_LEG, legSid + ":" + status, status, -1, durationS, null, at, detail);
    }

    public static ProviderEvent gather(String callSid, String digits, String idempotencyToken, Instant at) {
        JsonObject detail = new JsonObject().put("digits", digits);
        return new ProviderEvent(callSid, GATHER, idempotencyToken != null ? idempotencyToken : "digits:" + digits, digits,
                -1, null, null, at, detail);
    }

    /** This event received at {@code at}. */
    ProviderEvent receivedAt(Instant at) {
        return new ProviderEvent(providerSid, kind, dedupeKey, status, rank, durationS, answeredBy, at, detail);
    }

    /** message or call: which status table row this event may advance. */
    public String medium() {
        return DELIVERY_STATUS.equals(kind) ? "message" : "call";
    }

    /** Whether the event moves (or annotates) the message's or call's status. */
    boolean touchesStatus() {
        return rank >= 0 || ANSWERED_BY.equals(kind);
    }
}
