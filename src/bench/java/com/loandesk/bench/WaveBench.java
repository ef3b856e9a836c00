package com.loandesk.bench;

import com.loandesk.config.DatabaseConfig;
import com.loandesk.rules.Channel;
import com.loandesk.store.DatabaseLocator;
import com.loandesk.store.DatabaseTarget;
import com.loandesk.store.Migrations;
import com.loandesk.store.Pools;
import com.loandesk.store.WaveSelection;
import com.loandesk.store.WaveSpec;
import com.loandesk.store.WaveStore;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a reminder wave over N early-stage cases (one borrower and one mobile each) in a fresh database
 * and times its creation and enqueue through {@link WaveStore#create} (not HTTP): one member per case, and
 * the first chunk of them fed into tasks (with a 'task_created' history row each) in the same transaction.
 * Prints {@code cases=N enqueued=M fed_at_creation=F seconds=S} on its last line.
 * Run it through {@code scripts/wave-bench [--cases N]}.
 */
public final class WaveBench {

    private static final Logger LOG = LoggerFactory.getLogger(WaveBench.class);

    private WaveBench() {
    }

    public static void main(String[] args) throws Exception {
        int cases = new BenchOptions().option("--cases", 1_000_000).parse(args).integer("--cases");
        DatabaseLocator locator = new DatabaseLocator(System.getenv());
        DatabaseTarget server = locator.locate("postgres", true);
        DatabaseTarget db = server.withDatabase("loandesk_wavebench");
        BenchDatabases.recreate(db);
        Migrations.migrate(db);
        long seedStart = System.nanoTime();
        seed(db, cases);
        LOG.info("seeded cases={} seconds={}", cases, String.format(Locale.ROOT, "%.1f", (System.nanoTime() - seedStart) / 1e9));

        Vertx vertx = Vertx.vertx();
        Pool pool = Pools.create(vertx, db, new DatabaseConfig(2, 1000, db.database(), com.loandesk.config.DatabaseFallback.NONE));
        WaveStore waves = WaveStore.create(pool, Clock.systemUTC());
        WaveSpec spec = new WaveSpec("bench wave", new WaveSelection(Channel.SMS, "reminder-friendly", "early", null, null,
                "bench", null, null, null, null, Integer.MAX_VALUE), LocalTime.of(9, 0), LocalTime.of(12, 0), null, null);
        long start = System.nanoTime();
        var created = waves.create(spec, "wave-bench").toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - start) / 1e9;
        long history;
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password()); var st = c.createStatement()) {
            var rs = st.executeQuery("select count(*) from case_history where event = 'task_created' and detail->>'waveId' = '"
                    + created.waveId() + "'");
            rs.next();
            history = rs.getLong(1);
        }
        pool.close().await(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
        vertx.close().await(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
        locator.close();
        System.out.println("wave=" + created + " history_rows=" + history);
        System.out.println(String.format(Locale.ROOT, "cases=%d enqueued=%d fed_at_creation=%d seconds=%.2f", cases,
                created.enqueued(), created.fed(), seconds));
    }

    /** N borrowers, each with one early-stage case of product 'bench' and one mobile; an approved SMS template. */
    private static void seed(DatabaseTarget db, int n) throws Exception {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password()); var st = c.createStatement()) {
            st.execute("insert into borrower (external_id, full_name, time_zone, jurisdiction) "
                    + "select 'WB-' || g, 'Wave ' || g, 'America/New_York', 'US' from generate_series(1, " + n + ") g");
            st.execute("insert into collection_case (external_id, borrower_id, product, amount_overdue, currency, due_date, "
                    + "days_past_due, stage, status) select 'WB-CASE-' || b.id, b.id, 'bench', 1500, 'USD', "
                    + "current_date - 10, 10, 'early', 'overdue' from borrower b");
            st.execute("insert into contact_point (borrower_id, kind, value, sms_consent, voice_consent, consent_source) "
                    + "select b.id, 'mobile', '+1202' || lpad(b.id::text, 7, '0'), true, true, 'application_form' from borrower b");
            st.execute("insert into template (code, version, channel, locale, body, approved_by, approved_at) values "
                    + "('reminder-friendly', 1, 'sms', 'en', '{{lenderName}}: hello {{firstName}}, a payment of {{amount}} "
                    + "{{currency}} is waiting. Reply STOP to opt out.', 'bench-compliance', now())");
            st.execute("vacuum analyze");
        }
    }
}
