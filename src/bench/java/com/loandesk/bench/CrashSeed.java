package com.loandesk.bench;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.loandesk.store.DatabaseLocator;
import com.loandesk.store.DatabaseTarget;
import com.loandesk.store.Migrations;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.ZoneId;
import java.util.Locale;

/**
 * Recreates the crash-test database ({@code DATABASE_URL}'s database, else {@code loandesk_crash}),
 * migrates it and seeds N due SMS tasks the way {@link DispatchBench} does: one borrower per task, in a
 * zone where it is midday now, with consent and a fresh reassigned-numbers check (so us-reg-f allows the
 * text), an approved template, and each borrower a distinct, libphonenumber-valid US mobile number
 * ({@link #number(long)}), so the fake's log can be matched to tasks by number. Blocking JDBC: a tool,
 * not the service. Options: {@code --tasks N} (100000).
 */
public final class CrashSeed {

    /** Area codes the numbers cycle through, 8,000,000 numbers each (NXX 200..999). */
    static final int[] AREAS = {201, 202, 203, 206, 212, 213, 214, 215, 305, 312, 404, 415, 503, 617, 702, 713};

    private CrashSeed() {
    }

    /** The i-th number (1-based): +1 AAA NXX XXXX with NXX 200..999, distinct for i up to 128,000,000. */
    static String number(long i) {
        long k = i - 1;
        long area = AREAS[(int) (k / 8_000_000)];
        long rest = 2_000_000 + k % 8_000_000;
        return "+1" + area + rest;
    }

    public static void main(String[] args) throws Exception {
        int tasks = new BenchOptions().option("--tasks", 100_000).parse(args).integer("--tasks");
        DatabaseLocator locator = new DatabaseLocator(System.getenv());
        DatabaseTarget db = locator.locate("loandesk_crash", false);
        System.out.println(seed(db, tasks));
        locator.close();
    }

    /**
     * Recreates and migrates {@code db}, then seeds {@code tasks} due SMS tasks as described above;
     * returns a one-line summary. Used by scripts/crash-test and the in-suite chaos tests.
     */
    public static String seed(DatabaseTarget db, int tasks) throws Exception {
        if (tasks < 1 || tasks > AREAS.length * 8_000_000L) {
            throw new IllegalArgumentException("--tasks must be 1.." + AREAS.length * 8_000_000L);
        }
        long start = System.nanoTime();
        BenchDatabases.recreate(db);
        Migrations.migrate(db);
        ZoneId zone = BenchDatabases.middayZone();
        PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
        for (long i : new long[] {1, tasks}) {
            String n = number(i);
            if (!phones.isValidNumber(phones.parse(n, "US"))) {
                throw new IllegalStateException("seed number " + n + " is not a valid number");
            }
        }
        // the numbers as SQL: the same formula as number(i)
        StringBuilder areas = new StringBuilder("array[");
        for (int i = 0; i < AREAS.length; i++) {
            areas.append(i == 0 ? "" : ",").append(AREAS[i]);
        }
        areas.append("]");
        String numberSql = "'+1' || (" + areas + ")[((b.id - 1) / 8000000)::int + 1] || (2000000 + (b.id - 1) % 8000000)";
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password()); var st = c.createStatement()) {
            st.execute("insert into borrower (external_id, full_name, time_zone, jurisdiction) "
                    + "select 'CRASH-' || g, 'Crash ' || g, '" + zone.getId() + "', 'US' from generate_series(1, " + tasks + ") g");
            st.execute("insert into collection_case (external_id, borrower_id, product, amount_overdue, currency, due_date, "
                    + "days_past_due, stage, status) select 'CRASH-CASE-' || b.id, b.id, 'crash', 1500, 'USD', "
                    + "current_date - 10, 10, 'early', 'overdue' from borrower b");
            st.execute("insert into contact_point (borrower_id, kind, value, sms_consent, voice_consent, consent_source, "
                    + "rnd_checked_at, rnd_result, rnd_proof) select b.id, 'mobile', " + numberSql + ", "
                    + "true, true, 'application_form', now(), 'not_reassigned', 'crash-test' from borrower b");
            st.execute("insert into template (code, version, channel, locale, body, approved_by, approved_at) values "
                    + "('reminder-friendly', 1, 'sms', 'en', '{{lenderName}}: hello {{firstName}}, a payment of {{amount}} "
                    + "{{currency}} is waiting. Reply STOP to opt out.', 'crash-compliance', now())");
            st.execute("with t as (insert into contact_task (case_id, contact_point_id, channel, template, due_at, created_by) "
                    + "select c.id, p.id, 'sms', 'reminder-friendly', now() - interval '1 minute', 'crash-test' "
                    + "from collection_case c join contact_point p on p.borrower_id = c.borrower_id returning id, case_id) "
                    + "insert into case_history (case_id, task_id, at, event, state, actor) "
                    + "select case_id, id, now(), 'task_created', 'pending', 'crash-test' from t");
            st.execute("vacuum analyze");
            try (ResultSet rs = st.executeQuery("select count(*), count(distinct p.value), min(p.value), max(p.value) "
                    + "from contact_task t join contact_point p on p.id = t.contact_point_id")) {
                rs.next();
                if (rs.getLong(1) != tasks || rs.getLong(2) != tasks) {
                    throw new IllegalStateException("seeded " + rs.getLong(1) + " tasks with " + rs.getLong(2)
                            + " distinct numbers, wanted " + tasks);
                }
                if (!number(1).equals(rs.getString(3)) && !number(1).equals(rs.getString(4))) {
                    throw new IllegalStateException("SQL and Java disagree on the numbers: " + rs.getString(3) + " vs " + number(1));
                }
                return String.format(Locale.ROOT, "seeded tasks=%d database=%s zone=%s numbers=%s..%s seconds=%.1f", tasks,
                        db.database(), zone, mask(rs.getString(3)), mask(rs.getString(4)), (System.nanoTime() - start) / 1e9);
            }
        }
    }

    private static String mask(String number) {
        return "*".repeat(Math.max(0, number.length() - 4)) + number.substring(Math.max(0, number.length() - 4));
    }
}
