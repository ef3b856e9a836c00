package com.loandesk.store;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The columns the gate reads for a claimed task, each with its SQL. {@link #SELECT} is generated from this list, so
 * a column's position in a row is its ordinal by construction: rows are read by column, never by a position
 * counted by hand (and without by-name lookups, which scan the column list for every value).
 */
enum GateColumn {
    TASK_ID("t.id"),
    CASE_ID("t.case_id"),
    CONTACT_POINT_ID("t.contact_point_id"),
    CHANNEL("t.channel"),
    TEMPLATE("t.template"),
    NOT_AFTER("t.not_after"),
    ATTEMPTS("t.attempts"),
    BORROWER_ID("c.borrower_id"),
    CASE_REF("c.external_id"),
    PRODUCT("c.product"),
    CASE_STATUS("c.status"),
    STAGE("c.stage"),
    AMOUNT_OVERDUE("c.amount_overdue"),
    CURRENCY("c.currency"),
    DAYS_PAST_DUE("c.days_past_due"),
    SOL_EXPIRED("c.sol_expired"),
    DUE_DATE("c.due_date"),
    FULL_NAME("b.full_name"),
    LOCALE("b.locale"),
    TIME_ZONE("b.time_zone"),
    ADDRESS_REGION("b.address_region"),
    POSTAL_CODE("b.postal_code"),
    JURISDICTION("b.jurisdiction"),
    POINT_KIND("p.kind"),
    POINT_ROLE("p.role"),
    POINT_VALUE("p.value"),
    SMS_CONSENT("p.sms_consent"),
    VOICE_CONSENT("p.voice_consent"),
    THIRD_PARTY_CONSENT("p.third_party_consent"),
    SMS_OPTED_OUT("p.sms_opted_out"),
    VOICE_OPTED_OUT("p.voice_opted_out"),
    EMAIL_OPTED_OUT("p.email_opted_out"),
    INVALID_CHANNELS("p.invalid_channels"),
    LAST_INBOUND_TEXT_AT("p.last_inbound_text_at"),
    RND_CLEAR_AT("case when p.rnd_result = 'not_reassigned' then p.rnd_checked_at end"),
    RND_CHECKED_AT("p.rnd_checked_at"),
    RND_RESULT("p.rnd_result"),
    CONSENT_EVIDENCE_AT("(select max(e.granted_at) from consent e"
            + " where e.contact_point_id = p.id and e.evidence_kind is not null and e.revoked_at is null)"),
    WINDOW_START("w.window_start"),
    WINDOW_END("w.window_end");

    private final String sql;

    GateColumn(String sql) {
        this.sql = sql;
    }

    /** Where this column is in a row of {@link #SELECT}. */
    int at() {
        return ordinal();
    }

    /** "select t.id as task_id, ...": from tasks {@code t}, cases {@code c}, borrowers {@code b}, points {@code p}, waves {@code w}. */
    static final String SELECT = Arrays.stream(values())
            .map(c -> c.sql + " as " + c.name().toLowerCase(java.util.Locale.ROOT))
            .collect(Collectors.joining(",\n       ", "select ", "\n"));
}
