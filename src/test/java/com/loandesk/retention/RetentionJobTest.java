package com.loandesk.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.loandesk.testsupport.Await;
import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.SettableClock;
import com.loandesk.testsupport.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.time.Period;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class RetentionJobTest {

    @BeforeEach
    void empty() {
        TestDatabase.truncate();
    }

    @Test
    void records_older_than_three_years_are_purged_and_the_run_is_logged(Vertx vertx) {
        long borrower = Fixtures.borrower("US-NY", null, "US");
        long caseId = Fixtures.overdueCase(borrower);
        long phone = Fixtures.mobile(borrower, "+12125550123");
        TestDatabase.exec("insert into case_history (case_id, at, event, actor) values "
                + "(" + caseId + ", '2022-11-01T00:00:00Z', 'sent', 'd'), (" + caseId + ", '2024-01-01T00:00:00Z', 'sent', 'd')");
        TestDatabase.exec("insert into contact_attempt (borrower_id, case_id, contact_point_id, channel, at) values "
                + "(" + borrower + ", " + caseId + ", " + phone + ", 'sms', '2022-11-01T00:00:00Z'),"
                + "(" + borrower + ", " + caseId + ", " + phone + ", 'sms', '2026-11-01T00:00:00Z')");
        Pool pool = TestDatabase.pool(vertx, 2);
        var job = new RetentionJob(pool, SettableClock.at("2026-11-23T00:00:00Z"), Period.ofYears(3), "retention-test");

        var deleted = Await.result(job.run());

        assertEquals(1, deleted.get("case_history"));
        assertEquals(1, deleted.get("contact_attempt"));
        assertEquals(1, Fixtures.count("select count(*) from case_history"));
        assertEquals("2024", Fixtures.text("select extract(year from at at time zone 'UTC')::int::text from case_history"));
        assertEquals(1, Fixtures.count("select count(*) from contact_attempt"));
        assertEquals("retention-test", Fixtures.text("select actor from retention_run"));
        assertEquals("1", Fixtures.text("select deleted->>'case_history' from retention_run"), Fixtures.text("select deleted::text from retention_run"));
        // outside the purge the history is still append-only
        assertThrows(IllegalStateException.class, () -> TestDatabase.exec("delete from case_history"));
        Await.result(pool.close());
    }
}
