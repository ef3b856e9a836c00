package com.loandesk.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.loandesk.rules.Channel;
import com.loandesk.testsupport.Await;
import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.SettableClock;
import com.loandesk.testsupport.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The service samples a wave's tasks by state while it has work left, once more when it has none, then never again; a
 * second instance sampling at once is skipped; the progress carries the samples, oldest first.
 */
@ExtendWith(VertxExtension.class)
class WaveSamplesTest {

    private static final Duration EVERY = Duration.ofSeconds(10);
    /** What the sampler passes: most of an interval. */
    private static final Duration SINCE = Duration.ofSeconds(9);
    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-23T17:00:00Z"));

    @BeforeEach
    void empty() {
        TestDatabase.truncate();
        Fixtures.approvedTemplates("reminder");
    }

    @Test
    void a_wave_is_sampled_while_it_has_work_once_more_when_it_has_none_and_then_no_more(Vertx vertx) {
        for (int i = 0; i < 3; i++) {
            Fixtures.earlyCaseWithMobile();
        }
        WaveStore waves = WaveStore.create(TestDatabase.pool(vertx, 2), clock, 2);
        long waveId = Await.result(waves.create(new WaveSpec("w", new WaveSelection(Channel.SMS, "reminder", "early", null, null,
                null, null, null, null, null, Integer.MAX_VALUE), LocalTime.of(9, 0), LocalTime.of(12, 0), null, null, null),
                "cron")).waveId();

        assertEquals(1, Await.result(waves.sampleOpenWaves(SINCE)));
        assertEquals(0, Await.result(waves.sampleOpenWaves(SINCE)), "sampled a moment ago (another instance): skipped");

        clock.tick(EVERY);
        TestDatabase.exec("update contact_task set state = 'delivered' where wave_id = " + waveId);
        Await.result(waves.feedDue(10, 1000));
        assertEquals(1, Await.result(waves.sampleOpenWaves(SINCE)));
        clock.tick(EVERY);
        TestDatabase.exec("update contact_task set state = 'delivered' where wave_id = " + waveId);
        assertEquals(1, Await.result(waves.sampleOpenWaves(SINCE)), "the last sample: nothing left");
        clock.tick(EVERY);
        assertEquals(0, Await.result(waves.sampleOpenWaves(SINCE)), "a finished wave costs nothing");

        List<WaveProgress.Sample> samples = Await.result(waves.progress(waveId)).samples();
        assertEquals(List.of(Map.of("pending", 2L, "queued", 1L, "open", 3L), Map.of("delivered", 2L, "pending", 1L, "queued", 0L,
                "open", 1L), Map.of("delivered", 3L, "queued", 0L, "open", 0L)), samples.stream().map(WaveProgress.Sample::counts).toList());
        assertEquals(Instant.parse("2026-11-23T17:00:00Z"), samples.get(0).at());
    }
}
