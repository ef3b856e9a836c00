package com.loandesk.start;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.TestDatabase;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real service (com.loandesk.Main) in a child JVM refuses to start on what production must not run with,
 * says why, and exits: never a fallback, never a JVM left hanging.
 */
class StartFailsClosedIT {

    private static final Duration LIMIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void production_without_a_database_exits_within_30_s_naming_DATABASE_URL() throws Exception {
        try (ChildService child = ChildService.start("start-no-database", "conf/application.yaml",
                Map.of("PORT", String.valueOf(ChildService.freePort())))) {
            assertEquals(1, child.exitWithin(LIMIT), child.log());
            assertTrue(child.log().contains("start failed error=no database configured: set DATABASE_URL"), child.log());
        }
    }

    @Test
    void production_with_an_unreachable_DATABASE_URL_exits_within_30_s_naming_it() throws Exception {
        int closed = ChildService.freePort();
        try (ChildService child = ChildService.start("start-database-refused", "conf/application.yaml",
                Map.of("DATABASE_URL", "postgres://postgres@127.0.0.1:" + closed + "/loandesk", "PORT", String.valueOf(ChildService.freePort())))) {
            assertEquals(1, child.exitWithin(LIMIT), child.log());
            assertTrue(child.log().contains("cannot migrate the database at DATABASE_URL 127.0.0.1:" + closed + "/loandesk"), child.log());
        }
    }

    @Test
    void twilio_mode_without_TWILIO_AUTH_TOKEN_exits_naming_it() throws Exception {
        try (ChildService child = ChildService.start("start-no-auth-token", "conf/application.yaml", Map.of(
                "DATABASE_URL", ChildService.databaseUrl(TestDatabase.target()), "PORT", String.valueOf(ChildService.freePort()),
                "TWILIO_ACCOUNT_SID", "AC" + "0".repeat(32), "TWILIO_FROM_NUMBER", "+15005550006",
                "PUBLIC_BASE_URL", "https://loandesk.example.com"))) {
            assertEquals(1, child.exitWithin(LIMIT), child.log());
            assertTrue(child.log().contains("start failed error=TWILIO_AUTH_TOKEN must be set"), child.log());
        }
    }

    @Test
    void a_port_in_use_exits_instead_of_leaving_a_jvm_behind() throws Exception {
        Path conf = dir.resolve("simulator.yaml");
        Files.writeString(conf, "providers: {mode: simulator}\nportfolio: {enabled: false}\ncadence: {enabled: false}\n"
                + "http: {host: 127.0.0.1}\nrules: {policiesDir: " + Path.of("conf/policies").toAbsolutePath() + "}\n");
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"));
             ChildService child = ChildService.start("start-port-in-use", conf.toString(), Map.of(
                     "DATABASE_URL", ChildService.databaseUrl(TestDatabase.target()), "PORT", String.valueOf(taken.getLocalPort())))) {
            assertEquals(1, child.exitWithin(LIMIT), child.log());
            assertTrue(child.log().contains("start failed error="), child.log());
        }
    }

    @Test
    void an_unknown_key_stops_the_start_naming_it() throws Exception {
        Path conf = dir.resolve("typo.yaml");
        Files.writeString(conf, "providers: {mode: simulator}\ndispatch: {batchsize: 10}\n");
        try (ChildService child = ChildService.start("start-unknown-key", conf.toString(), Map.of())) {
            assertEquals(2, child.exitWithin(LIMIT), child.log());
            assertTrue(child.log().contains("error=dispatch.batchsize is not a known setting; did you mean dispatch.batchSize?"), child.log());
        }
    }

    @Test
    void a_session_length_out_of_range_stops_the_start_naming_the_variable() throws Exception {
        Path conf = dir.resolve("simulator-sessions.yaml");
        Files.writeString(conf, "providers: {mode: simulator}\n");
        try (ChildService child = ChildService.start("start-bad-session", conf.toString(), Map.of("LOANDESK_SESSION_HOURS", "0"))) {
            assertEquals(2, child.exitWithin(LIMIT), child.log());
            assertTrue(child.log().contains("error=LOANDESK_SESSION_HOURS must be 1..720 hours, was 0"), child.log());
        }
    }

    @Test
    void the_demo_with_real_twilio_credentials_exits_naming_the_variable() throws Exception {
        try (ChildService child = ChildService.start("start-demo-twilio", "conf/demo.yaml", Map.of(
                "DATABASE_URL", ChildService.databaseUrl(TestDatabase.target()), "PORT", String.valueOf(ChildService.freePort()),
                "TWILIO_ACCOUNT_SID", "AC" + "1".repeat(32), "TWILIO_AUTH_TOKEN", "f".repeat(32)))) {
            assertEquals(2, child.exitWithin(LIMIT), child.log());
            assertTrue(child.log().contains("error=the demo refuses to run with TWILIO_ACCOUNT_SID set"), child.log());
        }
    }

    @Test
    void the_demo_refuses_a_database_holding_a_borrower_that_is_not_its_own_and_loads_nothing() throws Exception {
        TestDatabase.truncate();
        Fixtures.borrower("US-NY", null, "US");
        try (ChildService child = ChildService.start("start-demo-real-borrower", "conf/demo.yaml", Map.of(
                "DATABASE_URL", ChildService.databaseUrl(TestDatabase.target()), "PORT", String.valueOf(ChildService.freePort())))) {
            assertEquals(1, child.exitWithin(LIMIT), child.log());
            assertTrue(child.log().contains("the demo refuses to load into DATABASE_URL"), child.log());
        }
        assertEquals(0, Fixtures.count("select count(*) from borrower where external_id like 'DEMO-%'"));
        assertEquals(0, Fixtures.count("select count(*) from template"));
        assertEquals(0, Fixtures.count("select count(*) from contact_task"));
    }
}
