package com.loandesk.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.loandesk.auth.AccessStore;
import com.loandesk.testsupport.Await;
import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.SettableClock;
import com.loandesk.testsupport.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class DemoPeopleTest {

    @BeforeEach
    void empty() {
        TestDatabase.truncate();
    }

    @Test
    void demo_people_exist_only_with_a_password_from_the_environment_and_only_once(Vertx vertx) {
        for (int i = 0; i < 6; i++) {
            TestDatabase.exec("insert into borrower (external_id, full_name, jurisdiction) values ('DEMO-B" + i + "', 'B', 'US')");
            TestDatabase.exec("insert into collection_case (external_id, borrower_id, product, amount_overdue, currency, due_date, stage, status) "
                    + "select 'DEMO-C" + i + "', id, 'card', 10, 'USD', current_date, 'early', 'overdue' from borrower where external_id = 'DEMO-B" + i + "'");
        }
        Pool pool = TestDatabase.pool(vertx, 2);
        DemoPeople people = new DemoPeople(AccessStore.create(vertx, pool, SettableClock.at("2026-11-23T12:00:00Z")), pool);

        assertEquals(0, Await.result(people.ensure(Map.of())));
        assertEquals(0, Fixtures.count("select count(*) from users"));

        Map<String, String> env = Map.of(DemoPeople.PASSWORD_ENV, "a-long-demo-password");
        assertEquals(3, Await.result(people.ensure(env)));
        assertEquals(0, Await.result(people.ensure(env)));
        assertEquals("collector:collector|compliance:compliance|scheduler:scheduler",
                Fixtures.text("select string_agg(username || ':' || role, '|' order by username) from users"));
        assertEquals(DemoPeople.COLLECTOR_PHONE, Fixtures.text("select phone from users where username = 'collector'"));
        assertEquals(2, Fixtures.count("select count(*) from collection_case where assigned_collector = 'collector'"));
    }
}
