package com.loandesk.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.config.ConfigException;
import com.loandesk.config.DemoConfig;
import com.loandesk.store.TaskStore;
import com.loandesk.testsupport.Await;
import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.SettableClock;
import com.loandesk.testsupport.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class DemoStaysTheDemoTest {

    @BeforeEach
    void empty() {
        TestDatabase.truncate();
    }

    @Test
    void the_demo_refuses_each_twilio_credential_in_the_environment_naming_it() {
        for (String name : DemoGuard.TWILIO_CREDENTIALS) {
            var e = assertThrows(ConfigException.class, () -> DemoGuard.checkEnvironment(Map.of(name, "AC0123456789")));
            assertTrue(e.getMessage().startsWith("the demo refuses to run with " + name + " set"), e.getMessage());
        }
        DemoGuard.checkEnvironment(Map.of("TWILIO_ACCOUNT_SID", " ", "PORT", "8080"));
    }

    @Test
    void the_demo_refuses_a_database_holding_a_borrower_that_is_not_its_own() {
        TestDatabase.exec("insert into borrower (external_id, full_name, jurisdiction) values ('DEMO-1', 'Made Up', 'US')");
        DemoGuard.checkDatabase(TestDatabase.target());

        Fixtures.borrower("US-NY", null, "US");
        var e = assertThrows(IllegalStateException.class, () -> DemoGuard.checkDatabase(TestDatabase.target()));
        assertTrue(e.getMessage().contains("holds 1 borrower(s) that are not the demo's"), e.getMessage());
    }

    @Test
    void every_demo_number_is_its_own_and_in_a_range_reserved_for_fiction(Vertx vertx) {
        Pool pool = TestDatabase.pool(vertx, 2);
        try {
            int loaded = Await.result(new DemoPortfolio(pool, new TaskStore(pool), SettableClock.at("2026-12-02T12:00:00Z"))
                    .loadIfEmpty(DemoConfig.MAX_BORROWERS));
            assertTrue(loaded > 0, "tasks enqueued: " + loaded);
            assertEquals(DemoConfig.MAX_BORROWERS, Fixtures.count("select count(*) from borrower where external_id like 'DEMO-%'"));
            List<String> phones = new ArrayList<>();
            for (String p : Fixtures.text("select string_agg(value, ',') from contact_point where kind = 'mobile'").split(",")) {
                phones.add(p);
            }
            assertEquals(DemoConfig.MAX_BORROWERS, phones.size());
            assertEquals(phones.size(), new HashSet<>(phones).size(), "no number is shared");
            List<String> real = phones.stream().filter(p -> !FictionalNumbers.isFictional(p)).toList();
            assertTrue(real.isEmpty(), "numbers outside the fiction ranges: " + real);
            assertEquals(0, Fixtures.count("select count(*) from contact_point where kind = 'email' and value not like '%@example.com'"));
        } finally {
            Await.result(pool.close());
        }
    }

    @Test
    void the_fiction_ranges_are_recognised_and_real_numbers_are_not() {
        assertTrue(FictionalNumbers.isFictional("+14155550142"));
        assertTrue(FictionalNumbers.isFictional("+447700900123"));
        assertTrue(FictionalNumbers.isFictional("+61491570006"));
        assertEquals(false, FictionalNumbers.isFictional("+14155550242"));
        assertEquals(false, FictionalNumbers.isFictional("+447700901123"));
        assertEquals(false, FictionalNumbers.isFictional("+61412345678"));
        assertEquals(false, FictionalNumbers.isFictional("+8613800138000"));
    }
}
