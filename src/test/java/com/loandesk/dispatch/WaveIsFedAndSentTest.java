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
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The running service feeds a wave larger than its first chunk and sends every member exactly once. */
@ExtendWith(VertxExtension.class)
class WaveIsFedAndSentTest {

    @BeforeEach
    void empty() {
        TestDatabase.truncate();
        Fixtures.approvedTemplates("reminder");
    }

    @Test
    void every_member_of_a_wave_larger_than_its_first_chunk_is_sent_exactly_once(Vertx vertx) throws Exception {
        for (int i = 0; i < 120; i++) {
            long b = Fixtures.borrower("US-CA", null, "US");
            Fixtures.overdueCase(b);
            Fixtures.mobile(b, "+1415555" + String.format("%04d", b % 10000));
        }
        AppConfig config = AppConfig.from(new JsonObject()
                .put("http", new JsonObject().put("port", 0))
                .put("providers", new JsonObject().put("mode", "simulator"))
                .put("simulator", new JsonObject().put("latencyMs", 1))
                .put("demo", new JsonObject().put("enabled", false))
                .put("dispatch", new JsonObject().put("pollIntervalMs", 20))
                .put("waves", new JsonObject().put("firstChunk", 10).put("chunk", 25).put("feedIntervalMs", 50).put("backlogLimit", 30)));
        Clock clock = Clock.systemUTC();
        Providers providers = Await.result(Providers.start(vertx, config, Map.of(), 0));
        Service service = Await.result(Service.start(vertx, config, TestDatabase.target(), clock, providers,
                (context, now) -> Decision.allow("test"), Map.of()));
        try {
            Await.result(service.startDispatching());
            WaveStore waves = WaveStore.create(service.pool(), clock, config.waves().firstChunk());
            long waveId = Await.result(waves.create(new WaveSpec("all", new WaveSelection(Channel.SMS, "reminder", "early", null, null,
                    null, null, null, null, null, Integer.MAX_VALUE), null, null, null, null), "cron")).getLong("waveId");

            long deadline = System.currentTimeMillis() + 30_000;
            while (Fixtures.count("select count(*) from contact_task where wave_id = ? and state = 'sent'", waveId) < 120
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(120, Fixtures.count("select count(*) from contact_task where wave_id = ? and state = 'sent'", waveId));
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
