package com.loandesk.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.bench.ChaosRun;
import com.loandesk.bench.DatabaseRestart;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The service's PostgreSQL (an embedded one of this test's own, on a fixed data directory and port) is
 * shut down in the middle of a wave and started again 6 s later (longer than the 5 s lease). Nobody touches the service.
 */
class DatabaseRestartTest {

    private static final int TASKS = 1500;

    @Test
    void database_restarted_mid_wave_the_service_recovers_by_itself_and_sends_every_task_exactly_once() throws Exception {
        ChaosRun.Report r = DatabaseRestart.run(Path.of("target", "chaos-db-restart-" + ProcessHandle.current().pid()),
                TASKS, 300, Duration.ofSeconds(6), 0.3, Duration.ofSeconds(50));
        String why = r.line() + " " + r.check().examples();
        assertTrue(r.faultAtSent() > 0 && r.faultAtSent() < TASKS, "the database went down mid-wave: " + why);
        assertTrue(r.check().clean(), "nothing lost, doubled, failed or left open: " + why);
        assertEquals(TASKS, r.created(), "one message per task at the provider: " + why);
    }
}
