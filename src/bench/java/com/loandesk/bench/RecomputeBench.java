package com.loandesk.bench;

import com.loandesk.config.DatabaseConfig;
import com.loandesk.config.PortfolioConfig;
import com.loandesk.portfolio.PortfolioRecompute;
import com.loandesk.portfolio.RecomputeResult;
import com.loandesk.store.DatabaseLocator;
import com.loandesk.store.DatabaseTarget;
import com.loandesk.store.Migrations;
import com.loandesk.store.Pools;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Times the nightly recompute over N cases in a fresh database: the first run (every case's stored DPD,
 * status and stage are stale, so every row changes and most get history rows), the next business day (every
 * DPD moves by one), and that day again (nothing changes). Prints one line per run.
 * Run it through {@code scripts/recompute-bench [--cases N]}.
 */
public final class RecomputeBench {

    private RecomputeBench() {
    }

    public static void main(String[] args) throws Exception {
        int cases = new BenchOptions().option("--cases", 1_000_000).parse(args).integer("--cases");
        DatabaseLocator locator = new DatabaseLocator(System.getenv());
        DatabaseTarget db = locator.locate("postgres", true).withDatabase("loandesk_recomputebench");
        BenchDatabases.recreate(db);
        Migrations.migrate(db);
        LocalDate today = LocalDate.now(Clock.systemUTC());
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password()); var st = c.createStatement()) {
            st.execute("insert into borrower (external_id, full_name, jurisdiction) "
                    + "select 'RB-' || g, 'Recompute ' || g, 'US' from generate_series(1, 1000) g");
            st.execute("insert into collection_case (external_id, borrower_id, product, amount_overdue, currency, due_date, "
                    + "days_past_due, stage, status) select 'RB-CASE-' || g, 1 + g % 1000, 'bench', 1500, 'USD', "
                    + "current_date - (g % 121), 0, 'early', case when g % 50 = 0 then 'paid' else 'current' end "
                    + "from generate_series(1, " + cases + ") g");
            st.execute("vacuum analyze");
        }
        Vertx vertx = Vertx.vertx();
        Pool pool = Pools.create(vertx, db, new DatabaseConfig(2, 1000, db.database(), com.loandesk.config.DatabaseFallback.NONE));
        PortfolioConfig config = PortfolioConfig.from(new JsonObject());
        PortfolioRecompute recompute = new PortfolioRecompute(pool, Clock.systemUTC(), config, "recompute-bench");
        time("first run (all stale)", recompute, today, cases);
        time("next day", recompute, today.plusDays(1), cases);
        time("same day again", recompute, today.plusDays(1), cases);
        pool.close().await(10, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
        locator.close();
    }

    private static void time(String label, PortfolioRecompute recompute, LocalDate date, int cases) throws Exception {
        long start = System.nanoTime();
        RecomputeResult r = recompute.run(date).toCompletionStage().toCompletableFuture().get(30, TimeUnit.MINUTES);
        System.out.println(String.format(Locale.ROOT, "%s: cases=%d updated=%d stage_changes=%d status_changes=%d batches=%d seconds=%.2f",
                label, cases, r.casesUpdated(), r.stageChanges(), r.statusChanges(), r.batches(), (System.nanoTime() - start) / 1e9));
    }
}
