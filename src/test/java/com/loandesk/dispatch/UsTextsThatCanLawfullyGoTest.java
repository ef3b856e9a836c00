package com.loandesk.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.auth.Role;
import com.loandesk.channel.ContactChannel;
import com.loandesk.config.RndConfig;
import com.loandesk.fake.FakeRnd;
import com.loandesk.rnd.DncScrubRnd;
import com.loandesk.rnd.RndRefreshJob;
import com.loandesk.rules.PolicyBook;
import com.loandesk.testsupport.ApiHarness;
import com.loandesk.testsupport.Await;
import com.loandesk.testsupport.DispatchHarness;
import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.RecordingChannel;
import com.loandesk.testsupport.SettableClock;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 12 point 6 on the real pipeline: US numbers imported (CSV, the same validator and statement as import jobs)
 * with consent evidence or a reassigned-numbers check, judged by the shipped presets under the borrower's lock; and the
 * nightly refresh asking the fake database through the real adapter.
 */
@ExtendWith(VertxExtension.class)
class UsTextsThatCanLawfullyGoTest {

    private static final PolicyBook POLICIES = com.loandesk.policies.PolicyFiles.load(Path.of("conf/policies"), "lender-practice");
    private static final String HEADER = "borrower_external_id,borrower_name,address_region,jurisdiction,case_external_id,product,"
            + "amount_overdue,currency,due_date,stage,status,mobile,sms_consent,voice_consent,"
            + "mobile_consent_kind,mobile_consent_source,mobile_consent_at,mobile_rnd_checked_at,mobile_rnd_result\n";
    private final SettableClock clock = SettableClock.at("2026-11-23T19:00:00Z"); // 11:00 in Los Angeles
    private ApiHarness api;
    private String scheduler;
    private String compliance;

    @BeforeEach
    void start(Vertx vertx) {
        api = ApiHarness.start(vertx, clock, ApiHarness.settings());
        Fixtures.approvedTemplates("reminder");
        scheduler = api.tokenFor("sched", Role.SCHEDULER);
        compliance = api.tokenFor("comp", Role.COMPLIANCE);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private void importCsv(String... rows) {
        var r = api.postText("/api/cases/import", scheduler, "text/csv", HEADER + String.join("\n", rows) + "\n");
        assertEquals(200, r.statusCode(), r.bodyAsString());
        assertEquals(new JsonArray(), r.bodyAsJsonObject().getJsonArray("rejected"), r.bodyAsString());
    }

    private static String row(String ref, String mobile, boolean smsConsent, String consentKind, String consentSource,
                              String consentAt, String rndAt, String rndResult) {
        return String.join(",", "B-" + ref, "Jane " + ref, "US-CA", "US", "C-" + ref, "personal-loan", "1500.00", "USD",
                "2026-10-01", "early", "overdue", mobile, String.valueOf(smsConsent), "true", n(consentKind), n(consentSource),
                n(consentAt), n(rndAt), n(rndResult));
    }

    private static String n(String s) {
        return s == null ? "" : s;
    }

    private static long caseOf(String ref) {
        return Fixtures.count("select id from collection_case where external_id = ?", "C-" + ref);
    }

    private static long pointOf(String number) {
        return Fixtures.count("select id from contact_point where value = ?", number);
    }

    private long dueTask(String ref, String number, String channel) {
        return Fixtures.task(caseOf(ref), pointOf(number), channel, clock.instant().minus(Duration.ofMinutes(1)));
    }

    private List<RecordingChannel> dispatch(Vertx vertx, int settled) {
        List<ContactChannel> channels = RecordingChannel.all();
        try (var h = DispatchHarness.start(vertx, POLICIES, clock, DispatchHarness.fastConfig(), channels, "d")) {
            h.awaitSettled(settled);
        }
        return channels.stream().map(c -> (RecordingChannel) c).toList();
    }

    private static String state(long task) {
        return Fixtures.text("select state from contact_task where id = ?", task);
    }

    private static String blockedBy(long task) {
        return Fixtures.text("select block_rule from contact_task where id = ?", task);
    }

    private static String reason(long task) {
        return Fixtures.text("select detail->>'reason' from case_history where task_id = ? and event = 'blocked'", task);
    }

    @Test
    void an_imported_us_number_with_consent_evidence_and_no_consent_flag_is_texted(Vertx vertx) {
        importCsv(row("EV", "+14155550101", false, "written", "application_form", "2026-11-01", null, null));
        long text = dueTask("EV", "+14155550101", "sms");

        var channels = dispatch(vertx, 1);

        assertEquals("sent", state(text));
        assertEquals(1, channels.get(0).sent().size());
        // the evidence is a consent to automated contact of that number, and the compliance log shows where it came from
        assertEquals(1, Fixtures.count("select count(*) from consent where evidence_kind = 'written' and source = 'application_form' "
                + "and contact_point_id = ? and purpose = 'automated_contact'", pointOf("+14155550101")));
        assertEquals("written", Fixtures.text("select detail->>'kind' from case_history where case_id = ? and event = 'consent_evidence'",
                caseOf("EV")));
        JsonObject kase = api.get("/api/cases/C-EV", compliance).bodyAsJsonObject();
        JsonObject mobile = kase.getJsonArray("contactPoints").getJsonObject(0);
        assertEquals("written", mobile.getJsonArray("consentEvidence").getJsonObject(0).getString("kind"));
        assertEquals("2026-11-01T00:00:00Z", mobile.getJsonArray("consentEvidence").getJsonObject(0).getString("givenAt"));
    }

    @Test
    void an_imported_us_number_with_a_fresh_not_reassigned_check_is_texted(Vertx vertx) {
        importCsv(row("NR", "+14155550102", true, null, null, null, "2026-11-20T10:00:00Z", "not_reassigned"));
        long text = dueTask("NR", "+14155550102", "sms");

        var channels = dispatch(vertx, 1);

        assertEquals("sent", state(text));
        assertEquals(1, channels.get(0).sent().size());
        JsonObject check = api.get("/api/cases/C-NR", compliance).bodyAsJsonObject().getJsonArray("contactPoints")
                .getJsonObject(0).getJsonObject("rndCheck");
        assertEquals("not_reassigned", check.getString("result"));
        assertEquals("import", check.getString("source"));
    }

    @Test
    void a_number_reported_reassigned_is_neither_texted_nor_called_until_consent_dated_after_the_check(Vertx vertx) {
        importCsv(row("RE", "+14155550103", true, "written", "application_form", "2026-11-01",
                "2026-11-20T10:00:00Z", "reassigned"));
        long text = dueTask("RE", "+14155550103", "sms");
        long call = dueTask("RE", "+14155550103", "voice");

        var channels = dispatch(vertx, 2);

        assertEquals("blocked", state(text));
        assertEquals("REASSIGNED_NUMBER", blockedBy(text));
        assertEquals("blocked", state(call));
        assertEquals("REASSIGNED_NUMBER", blockedBy(call));
        assertTrue(reason(text).contains("found this number reassigned; no consent evidence dated after it (newest given "
                + "2026-11-01T00:00:00Z)"), reason(text));
        assertTrue(channels.get(0).sent().isEmpty() && channels.get(1).sent().isEmpty());

        // consent given again after the check: the number is the borrower's again
        var r = api.post("/api/cases/C-RE/contact-points/" + pointOf("+14155550103") + "/consent-evidence", compliance,
                new JsonObject().put("kind", "oral").put("source", "recorded_call").put("givenAt", "2026-11-22T16:00:00Z"));
        assertEquals(201, r.statusCode(), r.bodyAsString());
        assertEquals(new JsonObject().put("contactPointId", pointOf("+14155550103")).put("numberLast4", "0103").put("kind", "oral")
                .put("source", "recorded_call").put("givenAt", "2026-11-22T16:00:00Z"), r.bodyAsJsonObject(), "what was recorded");
        long again = dueTask("RE", "+14155550103", "sms");
        var after = dispatch(vertx, 1);
        assertEquals("sent", state(again));
        assertEquals(1, after.get(0).sent().size());
    }

    @Test
    void a_text_without_fresh_facts_is_blocked_naming_what_is_stale_and_goes_after_the_nightly_refresh(Vertx vertx) {
        // consent 90 days old (the safe harbor counts 60), a clean check 40 days old (it counts 30)
        importCsv(row("ST", "+14155550104", true, "electronic", "web", "2026-08-25",
                "2026-10-14T10:00:00Z", "not_reassigned"));
        long first = dueTask("ST", "+14155550104", "sms");
        dispatch(vertx, 1);
        assertEquals("blocked", state(first));
        assertEquals("TEXT_SAFE_HARBOR", blockedBy(first));
        String why = reason(first);
        assertTrue(why.contains("no text from this number within 60 days (none)"), why);
        assertTrue(why.contains("no consent evidence within 60 days (newest given 2026-08-25T00:00:00Z, stale)"), why);
        assertTrue(why.contains("last check 2026-10-14T10:00:00Z: not_reassigned, stale"), why);

        FakeRnd fake = Await.result(FakeRnd.start(vertx, 0, "test-key"));
        try {
            var rnd = DncScrubRnd.create(vertx, fake.baseUrl(), "test-key", Duration.ofSeconds(5));
            RndConfig config = RndConfig.from(new JsonObject().put("rnd", new JsonObject().put("batchSize", 1)));
            var job = new RndRefreshJob(api.pool, clock, config, ZoneOffset.UTC, rnd);
            var result = Await.result(job.run());
            assertEquals(1, result.written(), result.toString());
            // asked since the last day the number was known the borrower's: the clean check of 2026-10-14
            assertEquals(List.of(new FakeRnd.Query("4155550104", "20261014")), fake.queries());
        } finally {
            Await.result(fake.close());
        }
        assertEquals("rnd-job", Fixtures.text("select rnd_source from contact_point where id = ?", pointOf("+14155550104")));
        assertEquals("not_reassigned", Fixtures.text("select detail->>'result' from case_history where case_id = ? "
                + "and event = 'rnd_check' and actor = 'rnd-job'", caseOf("ST")));

        long next = dueTask("ST", "+14155550104", "sms");
        var channels = dispatch(vertx, 1);
        assertEquals("sent", state(next));
        assertEquals(1, channels.get(0).sent().size());
    }

    @Test
    void the_nightly_refresh_asks_in_bounded_batches_only_about_stale_numbers_and_skips_one_that_does_not_answer(Vertx vertx) {
        importCsv(row("A", "+14155550111", true, "written", "form", "2026-11-01", null, null),
                row("B", "+14155550112", true, "written", "form", "2026-11-01", "2026-11-20T10:00:00Z", "not_reassigned"),
                row("C", "+14155550113", true, "written", "form", "2026-11-02", null, null),
                row("D", "+14155550114", true, "written", "form", "2026-11-03", null, null));
        FakeRnd fake = Await.result(FakeRnd.start(vertx, 0, "test-key"));
        try {
            fake.answer("+14155550113", FakeRnd.Script.HANG).answer("+14155550114", FakeRnd.Script.REASSIGNED);
            var rnd = DncScrubRnd.create(vertx, fake.baseUrl(), "test-key", Duration.ofMillis(500));
            RndConfig config = RndConfig.from(new JsonObject().put("rnd", new JsonObject().put("batchSize", 2)));
            var result = Await.result(new RndRefreshJob(api.pool, clock, config, ZoneOffset.UTC, rnd).run());

            assertEquals(3, result.asked(), result.toString());      // B's check is 3 days old: not stale
            assertEquals(2, result.written(), result.toString());    // C never answered within its deadline
            assertEquals(List.of("4155550111", "4155550113", "4155550114"),
                    fake.queries().stream().map(FakeRnd.Query::phoneNumber).toList());
        } finally {
            Await.result(fake.close());
        }
        assertNull(Fixtures.text("select rnd_result from contact_point where id = ?", pointOf("+14155550113")));
        assertEquals("reassigned", Fixtures.text("select rnd_result from contact_point where id = ?", pointOf("+14155550114")));
        assertEquals("2026-11-03", Fixtures.text("select rnd_since::text from contact_point where id = ?", pointOf("+14155550114")));
    }

    @Test
    void the_refresh_with_a_refused_key_writes_nothing(Vertx vertx) {
        importCsv(row("K", "+14155550121", true, "written", "form", "2026-11-01", null, null));
        FakeRnd fake = Await.result(FakeRnd.start(vertx, 0, "right-key"));
        try {
            var rnd = DncScrubRnd.create(vertx, fake.baseUrl(), "wrong-key", Duration.ofSeconds(5));
            var job = new RndRefreshJob(api.pool, clock, RndConfig.defaults(), ZoneOffset.UTC, rnd);
            AssertionError refused = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, () -> Await.result(job.run()));
            assertTrue(refused.getMessage().contains("refused the API key"), refused.getMessage());
        } finally {
            Await.result(fake.close());
        }
        assertNull(Fixtures.text("select rnd_checked_at::text from contact_point where id = ?", pointOf("+14155550121")));
    }
}
