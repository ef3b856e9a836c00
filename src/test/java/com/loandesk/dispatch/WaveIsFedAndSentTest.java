package com.loandesk.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.loandesk.Providers;
import com.loandesk.Service;
import com.loandesk.config.AppConfig;
import com.loandesk.rules.Channel;
import com.loandesk.rules.Decision;
import com.loandesk.store.WaveSelection;
import com.loandesk.store.WaveSpec;
import com.loandesk.store.WaveStore;
import com.loandesk.testsupport.Await;
import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Clock;
import com.loandesk.rules.RuleSetGate;
import com.loandesk.rules.UnapprovedTemplateRule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The running service feeds a wave larger than its first chunk and sends every member exactly once, and sends
 * a wave whose template was approved a moment ago instead of blocking it as unapproved.
 */
@ExtendWith(VertxExtension.class)
class WaveIsFedAndSentTest {

    @BeforeEach
    void empty() {
        TestDatabase.truncate();
    }

    private static void earlyCases(int n) {
        for (int i = 0; i < n; i++) {
            Fixtures.earlyCaseWithMobile();
        }
    }

    private static AppConfig config() {
        return AppConfig.from(new JsonObject()
                .put("http", new JsonObject().put("port", 0))
                .put("providers", new JsonObject().put("mode", "simulator"))
                .put("simulator", new JsonObject().put("latencyMs", 1))
                .put("demo", new JsonObject().put("enabled", false))
                .put("portfolio", new JsonObject().put("enabled", false))
                .put("dispatch", new JsonObject().put("pollIntervalMs", 20))
                .put("waves", new JsonObject().put("firstChunk", 10).put("chunk", 25).put("feedIntervalMs", 50).put("backlogLimit", 30)));
    }

    private static long sentOf(long waveId, int expected) throws InterruptedException {
        com.loandesk.testsupport.Await.until(expected + " of wave " + waveId + " sent or blocked", java.time.Duration.ofSeconds(30),
                () -> Fixtures.count("select count(*) from contact_task where wave_id = ? and state in ('sent', 'blocked')", waveId)
                        >= expected);
        return Fixtures.count("select count(*) from contact_task where wave_id = ? and state = 'sent'", waveId);
    }

    @Test
    void a_wave_right_after_its_template_is_approved_is_sent_not_blocked_as_unapproved(Vertx vertx) throws Exception {
        earlyCases(5);
        TestDatabase.exec("insert into template (code, version, channel, locale, body) values "
                + "('fresh', 1, 'sms', 'en', '{{lenderName}}: {{amount}} {{currency}} is overdue on {{caseRef}}.')");
        AppConfig config = config();
        Clock clock = Clock.systemUTC();
        Providers providers = Await.result(Providers.start(vertx, config, Map.of(), 0));
        Service service = Await.result(Service.start(vertx, config, TestDatabase.target(), clock, providers,
                new RuleSetGate("test", List.of(new UnapprovedTemplateRule())), Map.of()));
        try {
            Await.result(service.startDispatching());
            // approved after the service read its catalog; the periodic re-read is 15 s away
            TestDatabase.exec("update template set approved_by = 'compliance', approved_at = now() where code = 'fresh'");
            long waveId = Await.result(WaveStore.create(service.pool(), clock).create(new WaveSpec("fresh", new WaveSelection(Channel.SMS,
                    "fresh", "early", null, null, null, null, null, null, null, Integer.MAX_VALUE), null, null, null, null), "cron"))
                    .waveId();
            assertEquals(5, sentOf(waveId, 5));
            assertEquals(0, Fixtures.count("select count(*) from contact_task where block_rule = 'UNAPPROVED_TEMPLATE'"));
        } finally {
            Await.result(service.stop());
        }
    }

    @Test
    void every_member_of_a_wave_larger_than_its_first_chunk_is_sent_exactly_once(Vertx vertx) throws Exception {
        Fixtures.approvedTemplates("reminder");
        earlyCases(120);
        AppConfig config = config();
        Clock clock = Clock.systemUTC();
        Providers providers = Await.result(Providers.start(vertx, config, Map.of(), 0));
        Service service = Await.result(Service.start(vertx, config, TestDatabase.target(), clock, providers,
                (context, now) -> Decision.allow("test"), Map.of()));
        try {
            Await.result(service.startDispatching());
            WaveStore waves = WaveStore.create(service.pool(), clock, config.waves().firstChunk());
            long waveId = Await.result(waves.create(new WaveSpec("all", new WaveSelection(Channel.SMS, "reminder", "early", null, null,
                    null, null, null, null, null, Integer.MAX_VALUE), null, null, null, null), "cron")).waveId();

            assertEquals(120, sentOf(waveId, 120));
            assertEquals(120, Fixtures.count("select count(distinct t.case_id) from contact_attempt a join contact_task t on t.id = a.task_id "
                    + "where t.wave_id = ?", waveId));
            assertEquals(120, Fixtures.count("select count(*) from contact_attempt a join contact_task t on t.id = a.task_id "
                    + "where t.wave_id = ?", waveId));
            assertEquals(120, Fixtures.count("select fed from wave where id = ?", waveId));
        } finally {
            Await.result(service.stop());
        }
    }
}
