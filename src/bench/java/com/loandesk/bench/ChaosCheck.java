package com.loandesk.bench;

import com.loandesk.store.DatabaseTarget;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The evidence of a chaos run, compared: what the provider created (each message's number and sid,
 * whatever it answered, so a 5xx that was processed counts) against the database, where every task was
 * seeded to a number of its own ({@link CrashSeed}). Blocking JDBC: a tool, not the service.
 *
 * @param tasks             tasks in the database
 * @param sent              tasks sent or delivered
 * @param failed            tasks failed (an outage must defer, never fail)
 * @param open              tasks still pending, deferred, sending or unknown
 * @param doubled           tasks whose number got more than one message
 * @param lost              tasks not sent, or sent without any message created
 * @param refMismatch       sent tasks whose provider_ref is not the sid of their number's message
 * @param stray             messages to numbers no task has
 * @param unknownReconciled tasks that went through 'unknown' and reconciliation
 * @param states            tasks by state
 */
public record ChaosCheck(long tasks, long sent, long failed, long open, long doubled, long lost, long refMismatch,
                         long stray, long unknownReconciled, Map<String, Long> states, List<String> examples) {

    /** A message the provider created: its number and sid. */
    public record Created(String to, String sid) {
    }

    /** True when nothing was lost, doubled, failed or mis-referenced and nothing is left open. */
    public boolean clean() {
        return doubled == 0 && lost == 0 && failed == 0 && open == 0 && refMismatch == 0 && stray == 0;
    }

    public String line() {
        return String.format(Locale.ROOT, "tasks=%d sent=%d doubled=%d lost=%d failed=%d open=%d ref_mismatch=%d stray=%d "
                + "unknown_reconciled=%d", tasks, sent, doubled, lost, failed, open, refMismatch, stray, unknownReconciled);
    }

    public static ChaosCheck of(DatabaseTarget db, List<Created> created) throws Exception {
        Map<String, List<String>> byNumber = new HashMap<>();
        for (Created c : created) {
            byNumber.computeIfAbsent(c.to(), k -> new ArrayList<>(1)).add(c.sid());
        }
        long tasks = 0;
        long sent = 0;
        long failed = 0;
        long open = 0;
        long doubled = 0;
        long lost = 0;
        long refMismatch = 0;
        long unknownReconciled;
        Map<String, Long> states = new TreeMap<>();
        Map<String, Boolean> numbers = new HashMap<>();
        List<String> examples = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password()); var st = c.createStatement()) {
            c.setAutoCommit(false);
            st.setFetchSize(10_000);
            try (ResultSet rs = st.executeQuery("select t.id, t.state, p.value, t.provider_ref from contact_task t "
                    + "join contact_point p on p.id = t.contact_point_id order by t.id")) {
                while (rs.next()) {
                    tasks++;
                    long id = rs.getLong(1);
                    String state = rs.getString(2);
                    String number = rs.getString(3);
                    String ref = rs.getString(4);
                    numbers.put(number, Boolean.TRUE);
                    states.merge(state, 1L, Long::sum);
                    List<String> sids = byNumber.getOrDefault(number, List.of());
                    boolean isSent = "sent".equals(state) || "delivered".equals(state);
                    sent += isSent ? 1 : 0;
                    failed += "failed".equals(state) ? 1 : 0;
                    open += List.of("pending", "deferred", "sending", "unknown").contains(state) ? 1 : 0;
                    if (sids.size() > 1) {
                        doubled++;
                        example(examples, "doubled task=" + id + " messages=" + sids.size());
                    }
                    if (!isSent || sids.isEmpty()) {
                        lost++;
                        example(examples, "lost task=" + id + " state=" + state + " messages=" + sids.size());
                    } else if (sids.size() == 1 && !sids.get(0).equals(ref)) {
                        refMismatch++;
                        example(examples, "ref task=" + id + " provider_ref=" + ref + " provider_sid=" + sids.get(0));
                    }
                }
            }
            try (ResultSet rs = st.executeQuery("select count(distinct task_id) from case_history where event = 'reconciled'")) {
                rs.next();
                unknownReconciled = rs.getLong(1);
            }
            c.commit();
        }
        long stray = byNumber.keySet().stream().filter(n -> !numbers.containsKey(n)).count();
        return new ChaosCheck(tasks, sent, failed, open, doubled, lost, refMismatch, stray, unknownReconciled, states, examples);
    }

    /**
     * Attempts the tasks were charged for which no request reached the provider: for each task, its {@code attempts}
     * beyond the requests to its number ({@code requestsTo}, by number, whatever was answered), summed. A local
     * refusal (an open breaker, a full bulkhead, no rate permit, no retry budget) must cost none.
     */
    public static long attemptsWithoutRequest(DatabaseTarget db, Map<String, Long> requestsTo) throws Exception {
        long charged = 0;
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password()); var st = c.createStatement()) {
            c.setAutoCommit(false);
            st.setFetchSize(10_000);
            try (ResultSet rs = st.executeQuery("select p.value, t.attempts from contact_task t "
                    + "join contact_point p on p.id = t.contact_point_id")) {
                while (rs.next()) {
                    charged += Math.max(0, rs.getInt(2) - requestsTo.getOrDefault(rs.getString(1), 0L));
                }
            }
            c.commit();
        }
        return charged;
    }

    /** Tasks by state, read now; empty when the database does not answer. */
    public static Map<String, Long> states(DatabaseTarget db) {
        Map<String, Long> out = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password()); var st = c.createStatement();
             ResultSet rs = st.executeQuery("select state, count(*) from contact_task group by state")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        } catch (Exception e) {
            // the database is down (a chaos run may do that): no answer this time
        }
        return out;
    }

    /** How many of {@code states} are settled for good or still open. */
    public static long count(Map<String, Long> states, String... names) {
        long n = 0;
        for (String s : names) {
            n += states.getOrDefault(s, 0L);
        }
        return n;
    }

    private static void example(List<String> examples, String line) {
        if (examples.size() < 20) {
            examples.add(line);
        }
    }
}
