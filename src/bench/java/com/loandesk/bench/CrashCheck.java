package com.loandesk.bench;

import com.loandesk.store.DatabaseLocator;
import com.loandesk.store.DatabaseTarget;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks a crash-test run (scripts/crash-test): reads FakeTwilioMain's log of POSTs to Messages.json
 * and the database, and verifies that every task is sent (or delivered), that exactly one POST to its
 * number was accepted (201), that no number got two, and that each task's provider_ref is the sid the
 * fake answered. Prints details, then as its last line
 * {@code tasks=N sent=S doubled=D lost=L unknown_reconciled=U killed_at_sent=K seconds=T}; exits 1 when
 * anything was doubled, lost or mis-referenced. Blocking JDBC and HTTP: a tool, not the service.
 * <p>
 * Options: {@code --fake URL} (FakeTwilioMain's base URL), {@code --killed-at-sent K}, {@code --seconds T}
 * (both reported as given).
 */
public final class CrashCheck {

    private CrashCheck() {
    }

    private record Task(long id, String state, String number, String ref) {
    }

    public static void main(String[] args) throws Exception {
        BenchOptions o = new BenchOptions().option("--fake", null).option("--killed-at-sent", "-1").option("--seconds", "-1")
                .parse(args);
        String fake = o.text("--fake");
        String killedAt = o.text("--killed-at-sent");
        String seconds = o.text("--seconds");
        if (fake == null) {
            throw new IllegalArgumentException("--fake URL is required");
        }

        // the fake's log: every POST to Messages.json, with what it answered
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> resp = http.send(HttpRequest.newBuilder(URI.create(fake + "/fake/log"))
                .timeout(Duration.ofSeconds(120)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() != 200) {
            throw new IllegalStateException("GET /fake/log answered " + resp.statusCode());
        }
        Map<String, List<String>> acceptedByNumber = new HashMap<>();
        long posts = 0;
        Map<Integer, Long> postsByStatus = new TreeMap<>();
        for (String line : resp.body().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonObject e = new JsonObject(line);
            posts++;
            int status = e.getInteger("status");
            postsByStatus.merge(status, 1L, Long::sum);
            if (status == 201) {
                acceptedByNumber.computeIfAbsent(e.getString("to"), k -> new ArrayList<>(1)).add(e.getString("sid"));
            }
        }

        DatabaseLocator locator = new DatabaseLocator(System.getenv());
        DatabaseTarget db = locator.locate("loandesk_crash", false);
        List<Task> tasks = new ArrayList<>();
        Map<String, Long> states = new TreeMap<>();
        long unknownReconciled;
        long reconciledSent;
        long reconciledRequeued;
        long unknownEvents;
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password()); var st = c.createStatement()) {
            st.setFetchSize(10_000);
            c.setAutoCommit(false);
            try (ResultSet rs = st.executeQuery("select t.id, t.state, p.value, t.provider_ref from contact_task t "
                    + "join contact_point p on p.id = t.contact_point_id order by t.id")) {
                while (rs.next()) {
                    Task t = new Task(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4));
                    tasks.add(t);
                    states.merge(t.state(), 1L, Long::sum);
                }
            }
            try (ResultSet rs = st.executeQuery("select count(distinct task_id) filter (where event = 'reconciled'), "
                    + "count(*) filter (where event = 'reconciled' and state = 'sent'), "
                    + "count(*) filter (where event = 'reconciled' and state = 'pending'), "
                    + "count(*) filter (where event = 'unknown') from case_history where event in ('reconciled', 'unknown')")) {
                rs.next();
                unknownReconciled = rs.getLong(1);
                reconciledSent = rs.getLong(2);
                reconciledRequeued = rs.getLong(3);
                unknownEvents = rs.getLong(4);
            }
            c.commit();
        }
        locator.close();

        long sent = 0;
        long doubled = 0;
        long lost = 0;
        long refMismatch = 0;
        List<String> examples = new ArrayList<>();
        Map<String, Boolean> taskNumbers = new HashMap<>(tasks.size() * 2);
        for (Task t : tasks) {
            taskNumbers.put(t.number(), Boolean.TRUE);
            boolean isSent = "sent".equals(t.state()) || "delivered".equals(t.state());
            List<String> sids = acceptedByNumber.getOrDefault(t.number(), List.of());
            if (isSent) {
                sent++;
            }
            if (sids.size() > 1) {
                doubled++;
                example(examples, "doubled task=" + t.id() + " number=" + mask(t.number()) + " accepted=" + sids.size());
            }
            if (!isSent || sids.isEmpty()) {
                lost++;
                example(examples, "lost task=" + t.id() + " state=" + t.state() + " accepted=" + sids.size());
            } else if (sids.size() == 1 && !sids.get(0).equals(t.ref())) {
                refMismatch++;
                example(examples, "ref task=" + t.id() + " provider_ref=" + t.ref() + " fake_sid=" + sids.get(0));
            }
        }
        long stray = acceptedByNumber.keySet().stream().filter(n -> !taskNumbers.containsKey(n)).count();
        long accepted = acceptedByNumber.values().stream().mapToLong(List::size).sum();

        examples.forEach(System.out::println);
        System.out.printf(Locale.ROOT, "# states=%s fake_posts=%d by_status=%s accepted=%d stray_numbers=%d ref_mismatch=%d "
                        + "unknown_events=%d reconciled_sent=%d reconciled_requeued=%d%n",
                states, posts, postsByStatus, accepted, stray, refMismatch, unknownEvents, reconciledSent, reconciledRequeued);
        System.out.printf(Locale.ROOT, "tasks=%d sent=%d doubled=%d lost=%d unknown_reconciled=%d killed_at_sent=%s seconds=%s%n",
                tasks.size(), sent, doubled, lost, unknownReconciled, killedAt, seconds);
        System.exit(doubled > 0 || lost > 0 || refMismatch > 0 || stray > 0 ? 1 : 0);
    }

    private static void example(List<String> examples, String line) {
        if (examples.size() < 20) {
            examples.add(line);
        }
    }

    private static String mask(String number) {
        return com.loandesk.cases.Masking.phone(number);
    }
}
