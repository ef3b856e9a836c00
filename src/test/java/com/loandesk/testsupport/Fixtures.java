package com.loandesk.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/** Builds borrowers, cases, contact points and tasks in the test database, through JDBC. */
public final class Fixtures {

    private static int sequence;

    private Fixtures() {
    }

    /** A borrower located by {@code region} (ISO 3166-2) and optionally an explicit IANA zone. */
    public static long borrower(String region, String timeZone, String jurisdiction) {
        int n = ++sequence;
        return insert("insert into borrower (external_id, full_name, locale, time_zone, address_region, jurisdiction) "
                + "values (?, ?, 'en', ?, ?, ?) returning id", "B-" + n + "-" + System.nanoTime(), "Borrower " + n,
                timeZone, region, jurisdiction);
    }

    public static long overdueCase(long borrowerId) {
        return caseFor(borrowerId, "early", "overdue", "1500.00");
    }

    /**
     * A case due 10 days before the database's date. A test whose service runs the nightly recompute on a
     * {@link SettableClock} must set the due date from that clock instead (the recompute reads it).
     */
    public static long caseFor(long borrowerId, String stage, String status, String amount) {
        return insert("insert into collection_case (external_id, borrower_id, product, amount_overdue, currency, due_date, "
                + "days_past_due, stage, status) values (?, ?, 'personal-loan', ?::numeric, 'USD', current_date - 10, 10, ?, ?) "
                + "returning id", "C-" + (++sequence) + "-" + System.nanoTime(), borrowerId, amount, stage, status);
    }

    public static long mobile(long borrowerId, String e164) {
        return insert("insert into contact_point (borrower_id, kind, value, sms_consent, voice_consent) "
                + "values (?, 'mobile', ?, true, true) returning id", borrowerId, e164);
    }

    /** A Californian borrower's early-stage overdue case with one mobile of their own; returns {caseId, mobileId}. */
    public static long[] earlyCaseWithMobile() {
        long b = borrower("US-CA", null, "US");
        long c = overdueCase(b);
        long p = mobile(b, "+1415555" + String.format("%04d", b % 10000));
        return new long[] {c, p};
    }

    public static long email(long borrowerId, String address) {
        return insert("insert into contact_point (borrower_id, kind, value) values (?, 'email', ?) returning id",
                borrowerId, address);
    }

    public static long task(long caseId, long pointId, String channel, Instant dueAt) {
        return insert("insert into contact_task (case_id, contact_point_id, channel, template, due_at) "
                + "values (?, ?, ?, 'reminder', ?) returning id", caseId, pointId, channel, Timestamp.from(dueAt));
    }

    /**
     * {@code n} tasks of {@code channel} due at {@code dueAt}, each to a borrower of its own in California with an overdue
     * case and a mobile +1 415 555 {@code firstNumber + i}; their ids, in order.
     */
    public static java.util.List<Long> dueTasksToOwnBorrowers(int n, String channel, int firstNumber, Instant dueAt) {
        java.util.List<Long> ids = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long b = borrower("US-CA", null, "US");
            ids.add(task(overdueCase(b), mobile(b, "+1415555" + String.format("%04d", firstNumber + i)), channel, dueAt));
        }
        return ids;
    }

    /** Approved English versions of template {@code code} for every channel. */
    public static void approvedTemplates(String code) {
        for (String channel : new String[] {"sms", "voice", "email"}) {
            insert("insert into template (code, version, channel, locale, subject, body, approved_by, approved_at) "
                    + "values (?, 1, ?, 'en', ?, ?, 'compliance-test', now()) returning id", code, channel,
                    channel.equals("email") ? "Your {{product}} account" : null,
                    "{{lenderName}}: {{firstName}}, {{amount}} {{currency}} is overdue on {{caseRef}}.");
        }
    }

    /** Runs a query returning one number. */
    public static long count(String sql, Object... args) {
        return insert(sql, args);
    }

    /** Runs a query returning one number per row. */
    public static java.util.List<Long> ids(String sql, Object... args) {
        try (Connection c = connect(); PreparedStatement st = c.prepareStatement(sql)) {
            bind(st, args);
            var rs = st.executeQuery();
            java.util.List<Long> out = new java.util.ArrayList<>();
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    public static String text(String sql, Object... args) {
        try (Connection c = connect(); PreparedStatement st = c.prepareStatement(sql)) {
            bind(st, args);
            var rs = st.executeQuery();
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static long insert(String sql, Object... args) {
        try (Connection c = connect(); PreparedStatement st = c.prepareStatement(sql)) {
            bind(st, args);
            var rs = st.executeQuery();
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement st, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            st.setObject(i + 1, args[i]);
        }
    }

    private static Connection connect() throws SQLException {
        var t = TestDatabase.target();
        return DriverManager.getConnection(t.jdbcUrl(), t.user(), t.password());
    }
}
