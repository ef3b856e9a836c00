package com.loandesk.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.loandesk.auth.Role;
import com.loandesk.testsupport.ApiHarness;
import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.SettableClock;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Consent evidence and reassigned-numbers checks: bad input is a 4xx naming the field, and changes nothing. */
@ExtendWith(VertxExtension.class)
class NumberFactsBadInputTest {

    private final SettableClock clock = SettableClock.at("2026-11-23T19:00:00Z");
    private ApiHarness api;
    private String scheduler;
    private String compliance;
    private long mobile;
    private long email;

    @BeforeEach
    void start(Vertx vertx) {
        api = ApiHarness.start(vertx, clock, ApiHarness.settings());
        scheduler = api.tokenFor("sched", Role.SCHEDULER);
        compliance = api.tokenFor("comp", Role.COMPLIANCE);
        assertEquals(200, api.post("/api/cases/import", scheduler, new JsonArray().add(CasesTest.row("B1", "C1", "4155550123"))
                .add(CasesTest.row("B2", "C2", "4155550199"))).statusCode());
        mobile = Fixtures.count("select id from contact_point where value = '+14155550123'");
        email = Fixtures.count("select id from contact_point where kind = 'email' and value like 'Jane.B1@%'");
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private long written() {
        return Fixtures.count("select count(*) from consent") + Fixtures.count("select count(*) from contact_point where rnd_checked_at is not null")
                + Fixtures.count("select count(*) from case_history where event in ('consent_evidence', 'rnd_check')");
    }

    private void refused(String path, String token, JsonObject body, int status, String field) {
        long before = written();
        var r = api.post(path, token, body);
        assertEquals(status, r.statusCode(), r.bodyAsString());
        if (field != null) {
            assertEquals(field, r.bodyAsJsonObject().getString("field"), r.bodyAsString());
        }
        assertEquals(before, written(), "nothing written");
    }

    private static JsonObject evidence() {
        return new JsonObject().put("kind", "written").put("source", "application_form").put("givenAt", "2026-11-01T00:00:00Z");
    }

    private static JsonObject check() {
        return new JsonObject().put("checkedAt", "2026-11-20T10:00:00Z").put("result", "not_reassigned");
    }

    @Test
    void consent_evidence_with_a_missing_unknown_or_future_field_is_a_400_naming_it() {
        String path = "/api/cases/C1/contact-points/" + mobile + "/consent-evidence";
        refused(path, compliance, evidence().put("kind", "implied"), 400, "kind");
        refused(path, compliance, evidence().putNull("source"), 400, "source");
        refused(path, compliance, evidence().put("givenAt", "last tuesday"), 400, "givenAt");
        refused(path, compliance, evidence().put("givenAt", "2026-11-24T00:00:00Z"), 400, "givenAt");
        refused(path, compliance, evidence().put("channel", "sms"), 400, "channel");
        refused("/api/cases/C1/contact-points/x/consent-evidence", compliance, evidence(), 400, "pointId");
    }

    @Test
    void a_check_with_a_bad_result_or_a_since_after_it_is_a_400_naming_the_field() {
        String path = "/api/cases/C1/contact-points/" + mobile + "/rnd-checks";
        refused(path, compliance, check().put("result", "clean"), 400, "result");
        refused(path, compliance, check().putNull("checkedAt"), 400, "checkedAt");
        refused(path, compliance, check().put("since", "2026-11-21"), 400, "since");
        refused(path, compliance, check().put("since", "21/11/2026"), 400, "since");
        refused(path, compliance, check().put("proof", "x".repeat(201)), 400, "proof");
    }

    @Test
    void an_email_address_another_borrowers_number_or_another_collectors_case_is_not_found() {
        refused("/api/cases/C1/contact-points/" + email + "/consent-evidence", compliance, evidence(), 404, null);
        refused("/api/cases/C2/contact-points/" + mobile + "/consent-evidence", compliance, evidence(), 404, null);
        String other = api.tokenFor("someone", Role.COLLECTOR);   // C1 is cole's
        refused("/api/cases/C1/contact-points/" + mobile + "/consent-evidence", other, evidence(), 404, null);
        refused("/api/cases/C1/contact-points/" + mobile + "/rnd-checks", other, check(), 403, null);
    }

    @Test
    void the_same_evidence_twice_and_a_check_older_than_the_stored_one_are_conflicts() {
        String base = "/api/cases/C1/contact-points/" + mobile;
        assertEquals(201, api.post(base + "/consent-evidence", compliance, evidence()).statusCode());
        refused(base + "/consent-evidence", compliance, evidence(), 409, null);
        assertEquals(201, api.post(base + "/rnd-checks", compliance, check()).statusCode());
        refused(base + "/rnd-checks", compliance, check().put("checkedAt", "2026-11-19T10:00:00Z"), 409, null);
        JsonObject point = api.get("/api/cases/C1", compliance).bodyAsJsonObject().getJsonArray("contactPoints").stream()
                .map(JsonObject.class::cast).filter(p -> p.getLong("id") == mobile).findFirst().orElseThrow();
        assertEquals(1, point.getJsonArray("consentEvidence").size());
        assertEquals("api:comp", point.getJsonObject("rndCheck").getString("source"));
    }

    @Test
    void an_import_row_giving_evidence_by_halves_or_for_a_missing_number_is_rejected_naming_the_field_and_writes_nothing() {
        JsonArray rows = new JsonArray()
                .add(CasesTest.row("B3", "C3", "4155550131").put("mobile_consent_kind", "written"))
                .add(CasesTest.row("B4", "C4", "4155550141").put("mobile_consent_kind", "hearsay")
                        .put("mobile_consent_source", "x").put("mobile_consent_at", "2026-11-01"))
                .add(CasesTest.row("B5", "C5", "4155550151").put("home_rnd_result", "reassigned").put("home_rnd_checked_at", "2026-11-01"))
                .add(CasesTest.row("B6", "C6", "4155550161").put("mobile_rnd_result", "reassigned"))
                .add(CasesTest.row("B7", "C7", "4155550171").put("mobile_rnd_result", "maybe").put("mobile_rnd_checked_at", "2026-11-01"))
                .add(CasesTest.row("B8", "C8", "4155550181").put("mobile_consent_kind", "oral")
                        .put("mobile_consent_source", "call").put("mobile_consent_at", "yesterday"));
        var r = api.post("/api/cases/import", scheduler, rows);
        assertEquals(200, r.statusCode(), r.bodyAsString());
        JsonArray rejected = r.bodyAsJsonObject().getJsonArray("rejected");
        assertEquals(6, rejected.size(), rejected.encodePrettily());
        assertEquals("mobile_consent_source", rejected.getJsonObject(0).getString("field"));
        assertEquals("mobile_consent_kind", rejected.getJsonObject(1).getString("field"));
        assertEquals("home_rnd_checked_at", rejected.getJsonObject(2).getString("field"));
        assertEquals("mobile_rnd_checked_at", rejected.getJsonObject(3).getString("field"));
        assertEquals("mobile_rnd_result", rejected.getJsonObject(4).getString("field"));
        assertEquals("mobile_consent_at", rejected.getJsonObject(5).getString("field"));
        assertEquals(0, Fixtures.count("select count(*) from borrower where external_id in ('B3','B4','B5','B6','B7','B8')"));
        assertEquals(0, Fixtures.count("select count(*) from consent"));
    }

    @Test
    void importing_the_same_evidence_again_records_it_once() {
        JsonArray rows = new JsonArray().add(CasesTest.row("B9", "C9", "4155550191").put("mobile_consent_kind", "written")
                .put("mobile_consent_source", "application_form").put("mobile_consent_at", "2026-11-01")
                .put("mobile_rnd_checked_at", "2026-11-20T10:00:00Z").put("mobile_rnd_result", "no_data"));
        assertEquals(new JsonArray(), api.post("/api/cases/import", scheduler, rows).bodyAsJsonObject().getJsonArray("rejected"));
        assertEquals(new JsonArray(), api.post("/api/cases/import", scheduler, rows).bodyAsJsonObject().getJsonArray("rejected"));
        assertEquals(1, Fixtures.count("select count(*) from consent where evidence_kind = 'written'"));
        assertEquals("no_data", Fixtures.text("select rnd_result from contact_point where value = '+14155550191'"));
        assertEquals(1, Fixtures.count("select count(*) from case_history where event = 'consent_evidence'"));
    }
}
