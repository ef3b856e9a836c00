package com.loandesk.audit;

import com.loandesk.store.DatabaseLocator;
import com.loandesk.store.DatabaseTarget;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Period;

/**
 * {@code scripts/verify-history}: recomputes the chains of the database at DATABASE_URL (or PG*), checks the signed
 * checkpoint files of a directory under LOANDESK_CHECKPOINT_KEY, prints the report as JSON and exits 0 when all is
 * intact, 1 when something is broken (the first broken link of each chain is named), 2 for bad arguments.
 * Options: {@code --checkpoints DIR} (none), {@code --retention-years N} (3), {@code --late-minutes N} (60).
 */
public final class VerifyHistory {

    private VerifyHistory() {
    }

    public static void main(String[] args) throws Exception {
        Path checkpoints = null;
        int years = 3;
        int lateMinutes = 60;
        try {
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
                switch (args[i]) {
                    case "--checkpoints" -> checkpoints = Path.of(args[i + 1]);
                    case "--retention-years" -> years = Integer.parseInt(args[i + 1]);
                    case "--late-minutes" -> lateMinutes = Integer.parseInt(args[i + 1]);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + " (known: --checkpoints DIR, --retention-years N, --late-minutes N)");
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println("verify-history: " + e.getMessage());
            System.exit(2);
        }
        byte[] key = CheckpointFile.key(System.getenv());
        DatabaseLocator locator = new DatabaseLocator(System.getenv());
        DatabaseTarget db = locator.locate("loandesk", com.loandesk.config.DatabaseFallback.LOCAL);
        Verification v = new ChainVerifier(db, Clock.systemUTC(), Period.ofYears(years), Duration.ofMinutes(lateMinutes),
                Duration.ofHours(6)).verify(checkpoints, key);
        System.out.println(v.json().encodePrettily());
        locator.close();
        System.exit(v.intact() ? 0 : 1);
    }
}
