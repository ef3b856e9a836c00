package com.loandesk.demo;

import com.loandesk.rules.Channel;
import com.loandesk.store.NewTask;
import com.loandesk.store.TaskStore;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small made-up portfolio for the demo ({@code conf/demo.yaml}): borrowers across several countries and US
 * states (so several time zones), cases in every stage, a mobile number from a range reserved for fiction
 * ({@link FictionalNumbers}) and an example.com e-mail each, and a first wave of tasks (SMS now, a call two hours
 * later, an e-mail notice for the middle stage). Loaded once: nothing happens when demo borrowers already exist.
 * {@link DemoGuard} keeps it out of databases that hold anyone else.
 */
public final class DemoPortfolio {

    private static final Logger LOG = LoggerFactory.getLogger(DemoPortfolio.class);
    private static final String[][] PLACES = {
            {"US-CA", "US", "US"}, {"US-NY", "US", "US"}, {"US-TX", "US", "US"}, {"US-MA", "US", "US-MA"},
            {"US-WA", "US", "US-WA"}, {"US-AZ", "US", "US"}, {"US-HI", "US", "US"}, {"CN", "CN", "CN"},
            {"IN", "IN", "OTHER"}, {"NP", "NP", "OTHER"}, {"GB", "GB", "OTHER"}, {"AU-SA", "AU", "OTHER"}};
    private static final String[] NAMES = {"Alex Morgan", "Li Wei", "Priya Shah", "Sam Carter", "Maria Lopez",
            "Chen Jing", "Tom Baker", "Aisha Khan", "Jo Smith", "Ravi Patel", "Emma Brown", "Wang Fang"};

    private final Pool pool;
    private final TaskStore store;
    private final Clock clock;

    public DemoPortfolio(Pool pool, TaskStore store, Clock clock) {
        this.pool = pool;
        this.store = store;
        this.clock = clock;
    }

    public Future<Integer> loadIfEmpty(int borrowers) {
        return pool.query("select count(*) from borrower where external_id like 'DEMO-%'").execute()
                .compose(rows -> rows.iterator().next().getLong(0) > 0
                        ? Future.succeededFuture(0)
                        : load(borrowers));
    }

    private Future<Integer> load(int count) {
        Random random = new Random(42);
        FictionalNumbers numbers = new FictionalNumbers();
        List<Tuple> people = new ArrayList<>();
        int made = 0;
        for (int i = 0; made < count && i < count * 20; i++) {
            String[] place = PLACES[i % PLACES.length];
            String phone = numbers.next(place[0]).orElse(null);
            if (phone == null) {
                continue;
            }
            made++;
            int dpd = 1 + random.nextInt(120);
            String stage = dpd <= 30 ? "early" : dpd <= 90 ? "middle" : "late";
            String status = random.nextInt(20) == 0 ? "paid" : "overdue";
            BigDecimal amount = BigDecimal.valueOf(200 + random.nextInt(5000)).setScale(2);
            people.add(Tuple.from(List.of("DEMO-" + made, NAMES[i % NAMES.length], place[1].equals("CN") ? "zh" : "en",
                    place[0], place[2], "DEMO-CASE-" + made, "personal-loan", amount,
                    place[1].equals("CN") ? "CNY" : place[1].equals("IN") ? "INR" : "USD",
                    LocalDate.now(clock).minusDays(dpd), dpd, stage, status, phone,
                    "borrower" + made + "@example.com")));
        }
        return pool.withTransaction(c -> c.preparedQuery(INSERT_ONE).executeBatch(people)
                        .compose(v -> c.query(DEMO_TEMPLATES).execute()))
                .compose(v -> pool.query("""
                        select c.id as case_id, c.stage, c.status,
                               (select id from contact_point p where p.borrower_id = c.borrower_id and p.kind = 'mobile') as mobile,
                               (select id from contact_point p where p.borrower_id = c.borrower_id and p.kind = 'email') as email
                          from collection_case c where c.external_id like 'DEMO-CASE-%' order by c.id
                        """).execute())
                .compose(rows -> {
                    Instant now = clock.instant();
                    List<NewTask> tasks = new ArrayList<>();
                    for (Row r : rows) {
                        if (!"overdue".equals(r.getString("status")) && random.nextInt(2) == 0) {
                            continue;
                        }
                        long caseId = r.getLong("case_id");
                        Instant notAfter = now.plus(Duration.ofDays(3));
                        tasks.add(new NewTask(caseId, r.getLong("mobile"), Channel.SMS, "reminder-friendly", null, now, notAfter, "demo"));
                        tasks.add(new NewTask(caseId, r.getLong("mobile"), Channel.VOICE, "reminder-call", null,
                                now.plus(Duration.ofHours(2)), notAfter, "demo"));
                        if ("middle".equals(r.getString("stage"))) {
                            tasks.add(new NewTask(caseId, r.getLong("email"), Channel.EMAIL, "formal-notice", null, now, notAfter, "demo"));
                        }
                    }
                    return store.enqueue(tasks, now);
                })
                .onSuccess(n -> LOG.info("demo portfolio loaded borrowers={} tasks={}", people.size(), n));
    }

    /** Approved templates the demo tasks use, in English and Chinese, reviewed by a made-up compliance officer. */
    private static final String DEMO_TEMPLATES = """
            insert into template (code, version, channel, locale, subject, body, formal_notice, approved_by, approved_at)
            values
              ('reminder-friendly', 1, 'sms', 'en', null,
               '{{lenderName}}: Hi {{firstName}}, a payment of {{amount}} {{currency}} on your {{product}} is waiting. Reply HELP for help, STOP to opt out.',
               false, 'demo-compliance', now()),
              ('reminder-friendly', 1, 'sms', 'zh', null,
               '{{lenderName}}：{{firstName}}您好，您的{{product}}有{{amount}} {{currency}}待还款。回复TD退订。',
               false, 'demo-compliance', now()),
              ('reminder-call', 1, 'voice', 'en', null,
               'Hello {{firstName}}, this is {{lenderName}} calling about your {{product}} account.',
               false, 'demo-compliance', now()),
              ('reminder-call', 1, 'voice', 'zh', null,
               '{{firstName}}您好，这里是{{lenderName}}，关于您的{{product}}账户。',
               false, 'demo-compliance', now()),
              ('click-to-call', 1, 'voice', 'en', null,
               'A collector from {{lenderName}} is calling about account {{caseRef}}.',
               false, 'demo-compliance', now()),
              ('formal-notice', 1, 'email', 'en', 'Formal notice: {{amount}} {{currency}} overdue on {{caseRef}}',
               'Dear {{borrowerName}},\n\n{{lenderName}} writes about your {{product}} account {{caseRef}}: {{amount}} {{currency}} is {{daysPastDue}} days past due. Please pay or contact us within 14 days.\n\nTo stop e-mails from us, reply UNSUBSCRIBE.',
               true, 'demo-compliance', now())
            on conflict do nothing
            """;

    private static final String INSERT_ONE = """
            with b as (
                insert into borrower (external_id, full_name, locale, address_region, jurisdiction)
                values ($1, $2, $3, $4, $5) returning id),
            c as (
                insert into collection_case (external_id, borrower_id, product, amount_overdue, currency, due_date,
                                             days_past_due, stage, status)
                select $6, b.id, $7, $8, $9, $10, $11, $12, $13 from b returning id)
            insert into contact_point (borrower_id, kind, value, role, priority, sms_consent, voice_consent, consent_source,
                                       rnd_checked_at, rnd_result, rnd_proof)
            select b.id, k.kind, k.value, 'borrower', k.priority, true, true, 'given for the loan',
                   now(), 'not_reassigned', 'demo'
              from b, (values ('mobile', $14, 1), ('email', $15, 2)) as k(kind, value, priority)
            """;
}
