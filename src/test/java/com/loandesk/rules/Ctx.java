package com.loandesk.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.loandesk.rules.PastContact.Outcome;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A contact context under construction: sensible defaults, changed per test. */
final class Ctx {

    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final ZoneId LOS_ANGELES = ZoneId.of("America/Los_Angeles");
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    static final long CASE = 10;
    static final long OTHER_CASE = 11;
    static final long POINT = 100;
    static final long OTHER_POINT = 101;

    Channel channel = Channel.SMS;
    long caseId = CASE;
    long pointId = POINT;
    Instant notAfter;
    String status = "overdue";
    String stage = "early";
    BigDecimal amountOverdue = new BigDecimal("5000.00");
    boolean solExpired;
    String jurisdiction = "US";
    String kind = "mobile";
    String number = "+12125550100";
    String role = "borrower";
    boolean smsConsent = true;
    boolean voiceConsent = true;
    boolean thirdPartyConsent;
    Set<Channel> optedOut = new HashSet<>();
    Set<Channel> invalidFor = new HashSet<>();
    Instant lastInboundTextAt;
    Instant rndClearAt;
    Instant consentEvidenceAt;
    RndCheck lastRndCheck;
    TemplateFacts template = new TemplateFacts("REMIND_1", true, false, false, false);
    List<ZoneId> zones = List.of(NEW_YORK);
    final List<PastContact> history = new ArrayList<>();
    Set<String> holds = new HashSet<>();
    final List<Consent> consents = new ArrayList<>();
    final List<CallbackRequest> callbacks = new ArrayList<>();
    final List<InconvenientTime> inconvenient = new ArrayList<>();

    static Ctx sms() {
        return new Ctx();
    }

    static Ctx voice() {
        Ctx c = new Ctx();
        c.channel = Channel.VOICE;
        return c;
    }

    static Ctx email() {
        Ctx c = new Ctx();
        c.channel = Channel.EMAIL;
        c.kind = "email";
        return c;
    }

    Ctx zones(ZoneId... z) {
        zones = Arrays.asList(z);
        return this;
    }

    Ctx jurisdiction(String code) {
        jurisdiction = code;
        return this;
    }

    /** An outbound contact with this borrower on the default case and point. */
    Ctx past(String at, Channel ch, Outcome outcome) {
        return past(at, ch, outcome, CASE, POINT, "mobile");
    }

    Ctx past(String at, Channel ch, Outcome outcome, long onCase, long point, String pointKind) {
        history.add(new PastContact(Instant.parse(at), ch, onCase, point, pointKind, outcome, false, 0, false, Set.of()));
        return this;
    }

    Ctx call(String at, int seconds) {
        history.add(new PastContact(Instant.parse(at), Channel.VOICE, CASE, POINT, "mobile", Outcome.ANSWERED, false,
                seconds, false, Set.of()));
        return this;
    }

    Ctx conversation(String at, long onCase, boolean inbound, Long... alsoAbout) {
        history.add(new PastContact(Instant.parse(at), Channel.VOICE, onCase, POINT, "mobile", Outcome.ANSWERED, true,
                300, inbound, Set.of(alsoAbout)));
        return this;
    }

    ContactContext build() {
        var request = new ContactRequest(1, caseId, 7, pointId, channel, template.code(), notAfter);
        var facts = new CaseFacts(status, stage, amountOverdue, 45, solExpired, jurisdiction);
        var point = new ContactPointFacts(kind, role, number, smsConsent, voiceConsent, thirdPartyConsent,
                optedOut, invalidFor, lastInboundTextAt, consentEvidenceAt,
                lastRndCheck != null ? lastRndCheck : rndClearAt == null ? null : new RndCheck(rndClearAt, RndResult.NOT_REASSIGNED));
        return new ContactContext(request, facts, point, template, zones, history, holds, consents, callbacks,
                inconvenient);
    }

    // ---- judging and asserting ----

    static Decision judge(Rule rule, Ctx ctx, String now) {
        return new RuleSetGate("test", List.of(rule)).check(ctx.build(), Instant.parse(now));
    }

    static void assertAllowed(Decision d) {
        assertInstanceOf(Decision.Allow.class, d, () -> "expected allow, was " + d);
    }

    static void assertDeferred(Decision d, String ruleId, String until) {
        Decision.Defer defer = assertInstanceOf(Decision.Defer.class, d, () -> "expected defer, was " + d);
        assertEquals(ruleId, defer.ruleId(), () -> "rule of " + d);
        assertEquals(Instant.parse(until), defer.until(), () -> "until of " + d);
    }

    /** Deferred to {@code until} by the binding rule {@code ruleId}, with exactly {@code also} refusing earlier moments. */
    static void assertDeferred(Decision d, String ruleId, String until, String... also) {
        assertDeferred(d, ruleId, until);
        assertEquals(List.of(also), ((Decision.Defer) d).also().stream().map(Decision.Deferral::ruleId).toList(),
                () -> "other rules of " + d);
    }

    static void assertBlocked(Decision d, String ruleId) {
        Decision.Block block = assertInstanceOf(Decision.Block.class, d, () -> "expected block, was " + d);
        assertEquals(ruleId, block.ruleId(), () -> "rule of " + d);
    }
}
