package com.loandesk.reports;

/**
 * The SQL of the daily and monthly reports. Every statement takes $1 period start (inclusive), $2 period end
 * (exclusive), $3 channel or null, $4 jurisdiction or null (a prefix match: US also counts US-MA).
 */
final class ReportSql {

    private ReportSql() {
    }

    private static final String JURISDICTION = "($4::text is null or b.jurisdiction = $4 or b.jurisdiction like $4 || '-%')";

    /**
     * Outbound contacts made in the period, from the contact ledger, by channel and in total (channel null):
     * contacts, delivered (SMS/e-mail the provider said were delivered), connected (calls completed), answered (a
     * person answered), conversations, awaiting (no final provider status yet: e-mail over SMTP stays so, SMTP
     * acceptance is not delivery), and distinct borrowers contacted.
     */
    static final String CONTACTS = """
            select a.channel,
                   count(*) as contacts,
                   count(*) filter (where a.outcome = 'delivered') as delivered,
                   count(*) filter (where a.connected) as connected,
                   count(*) filter (where a.outcome = 'answered') as answered,
                   count(*) filter (where a.conversation) as conversations,
                   count(*) filter (where coalesce(a.outcome, 'pending') = 'pending' and a.connected is null) as awaiting,
                   count(distinct a.borrower_id) as borrowers
              from contact_attempt a
              join borrower b on b.id = a.borrower_id
             where a.at >= $1 and a.at < $2 and not a.inbound
               and ($3::text is null or a.channel = $3)
               and %s
             group by grouping sets ((a.channel), ())
             order by a.channel nulls last
            """.formatted(JURISDICTION);

    /** Decisions of the contact rules in the period: blocks and deferrals by rule (case history, task's channel). */
    static final String DECISIONS_BY_RULE = """
            select h.event, h.rule_id, count(*) as n
              from case_history h
              join collection_case c on c.id = h.case_id
              join borrower b on b.id = c.borrower_id
              left join contact_task t on t.id = h.task_id
             where h.at >= $1 and h.at < $2 and h.event in ('blocked', 'deferred') and h.rule_id is not null
               and ($3::text is null or t.channel = $3)
               and %s
             group by h.event, h.rule_id
             order by h.event, n desc, h.rule_id
            """.formatted(JURISDICTION);

    /**
     * Time to first contact: the cases that became overdue in the period (their first 'status_changed' to
     * 'overdue' history row in it, written by the nightly recompute), and for each the first outbound contact of
     * that case at or after that moment, whenever it happened (up to now). Seconds, median and 90th percentile
     * over the cases contacted; how many within 48 hours (DOMAIN.md's limit); how many not yet contacted.
     */
    static final String FIRST_CONTACT = """
            with entered as (
                select h.case_id, c.borrower_id, min(h.at) as at
                  from case_history h
                  join collection_case c on c.id = h.case_id
                  join borrower b on b.id = c.borrower_id
                 where h.at >= $1 and h.at < $2 and h.event = 'status_changed' and h.detail->>'to' = 'overdue'
                   and %s
                 group by h.case_id, c.borrower_id),
            firsts as (
                select e.at,
                       (select min(a.at) from contact_attempt a
                         where a.borrower_id = e.borrower_id and a.case_id = e.case_id and a.at >= e.at and not a.inbound
                           and ($3::text is null or a.channel = $3)) as first_at
                  from entered e)
            select count(*) as entered,
                   count(first_at) as contacted,
                   count(*) filter (where first_at <= at + interval '48 hours') as within_48h,
                   percentile_cont(0.5) within group (order by extract(epoch from first_at - at))
                       filter (where first_at is not null) as median_s,
                   percentile_cont(0.9) within group (order by extract(epoch from first_at - at))
                       filter (where first_at is not null) as p90_s
              from firsts
            """.formatted(JURISDICTION);

    /**
     * Complaint holds opened in the period; how many were cleared within 24 hours (DOMAIN.md: compliance answers
     * within 24 hours) and how many are still open. ($3, the channel, does not apply: a hold is per case.)
     */
    static final String COMPLAINTS = """
            select count(*) as opened,
                   count(*) filter (where h.cleared_at is not null and h.cleared_at <= h.set_at + interval '24 hours') as cleared_within_24h,
                   count(*) filter (where h.cleared_at is null) as still_open
              from case_hold h
              join collection_case c on c.id = h.case_id
              join borrower b on b.id = c.borrower_id
             where h.kind = 'complaint' and h.set_at >= $1 and h.set_at < $2
               and ($3::text is null or true)   -- typed so the statement takes the same four arguments
               and %s
            """.formatted(JURISDICTION);
}
