package com.loandesk.store;

/**
 * The SQL of the case API: the import's batched upserts (arrays in, one statement per table) and the
 * reads of one case.
 */
final class CaseSql {

    private CaseSql() {
    }

    /**
     * {@link #LOCK_EXISTING} is planned for its own array each time, never from the plan cache (set before it, and
     * {@link #PLAN_FROM_CACHE} after it, in the same round trip): PostgreSQL switches a prepared statement to a generic
     * plan after five runs when it looks no dearer, and one made while the cases were few (a fresh database, a first
     * small import) reads them by a sequential scan, which stays in the connection's cache as they grow (a second per
     * chunk at 500,000 cases: an import of 1,000,000 rows slowed thirty-fold). {@link #IMPORT_CHUNK} reads no table by
     * a scan whatever their sizes, so its cached plan is kept (planning it costs 0.7 ms of its 20).
     */
    static final String PLAN_EACH_TIME = "set local plan_cache_mode = force_custom_plan";
    static final String PLAN_FROM_CACHE = "set local plan_cache_mode = auto";

    /**
     * $1 case refs. Existing cases and their borrowers' refs, locked for the import. The borrower is read by its key for
     * each case found, never joined: the planner counts on as many cases as refs, and with estimates below the borrowers'
     * real number (a table grown since its last analyze) it hashed the whole borrower table for every chunk, to find
     * none of them in a new portfolio (40 ms of a 60 ms chunk at 120,000 borrowers, a sequential scan growing with them).
     */
    static final String LOCK_EXISTING = """
            select c.external_id as case_ref, (select b.external_id from borrower b where b.id = c.borrower_id) as borrower_ref
              from collection_case c
             where c.external_id = any($1)
               for no key update of c
            """;

    /**
     * A chunk of an import in one statement (one round trip): borrowers, cases with one case_imported history row
     * each, and contact points. Borrowers (one entry per borrower): $1 refs, $2 names, $3 locales, $4 zones,
     * $5 regions, $6 postal codes, $7 jurisdictions. Cases (one per row): $8 case refs, $9 borrower refs, $10 products,
     * $11 amounts (text), $12 currencies, $13 due dates, $14 days past due, $15 stages, $16 statuses, $17 risk grades,
     * $18 collectors. Points: $19 borrower refs, $20 kinds, $21 values, $22 roles, $23 priorities, $24 sms consents,
     * $25 voice consents. $26 now, $27 actor. Optional fields given as null keep the stored value; opt-outs and
     * invalid-channel marks are never touched. Cases and points find their borrower's id in the borrowers' upsert
     * (its returning), so no id comes back to the service: the answer is one row, the cases inserted and written.
     */
    static final String IMPORT_CHUNK = """
            with x as (
                select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
                           as x(r, n, l, z, g, p, j)),
            bw as (
                insert into borrower as b (external_id, full_name, locale, time_zone, address_region, postal_code, jurisdiction)
                select r, n, coalesce(l, 'en'), z, g, p, j from x
                on conflict (external_id) do update
                   set full_name      = excluded.full_name,
                       locale         = coalesce((select x.l from x where x.r = excluded.external_id), b.locale),
                       time_zone      = coalesce(excluded.time_zone, b.time_zone),
                       address_region = coalesce(excluded.address_region, b.address_region),
                       postal_code    = coalesce(excluded.postal_code, b.postal_code),
                       jurisdiction   = excluded.jurisdiction
                returning id, external_id),
            up as (
                insert into collection_case as c (external_id, borrower_id, product, amount_overdue, currency, due_date,
                                                  days_past_due, stage, status, risk_grade, assigned_collector, created_at, updated_at)
                select y.r, bw.id, y.p, y.a::numeric(14,2), y.cur, y.d, coalesce(y.dpd, greatest(0, $26::timestamptz::date - y.d)),
                       y.s, y.st, y.rg, y.col, $26, $26
                  from unnest($8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::date[], $14::int[], $15::text[],
                              $16::text[], $17::text[], $18::text[]) with ordinality as y(r, br, p, a, cur, d, dpd, s, st, rg, col, o)
                  join bw on bw.external_id = y.br
                 order by y.o
                on conflict (external_id) do update
                   set product            = excluded.product,
                       amount_overdue     = excluded.amount_overdue,
                       currency           = excluded.currency,
                       due_date           = excluded.due_date,
                       days_past_due      = excluded.days_past_due,
                       stage              = excluded.stage,
                       status             = excluded.status,
                       risk_grade         = coalesce(excluded.risk_grade, c.risk_grade),
                       assigned_collector = coalesce(excluded.assigned_collector, c.assigned_collector),
                       updated_at         = excluded.updated_at
                returning id, borrower_id, (xmax = 0) as inserted),
            h as (
                insert into case_history (case_id, at, event, actor, detail)
                select id, $26, 'case_imported', $27, jsonb_build_object('inserted', inserted) from up),
            q as (
                select bw.id as bid, q.k, q.v, q.r, q.pr, q.sc, q.vc, q.ek, q.es, q.ea, q.ra, q.rr
                  from unnest($19::text[], $20::text[], $21::text[], $22::text[], $23::smallint[], $24::boolean[], $25::boolean[],
                              $28::text[], $29::text[], $30::timestamptz[], $31::timestamptz[], $32::text[])
                       with ordinality as q(br, k, v, r, pr, sc, vc, ek, es, ea, ra, rr, o)
                  join bw on bw.external_id = q.br
                 order by q.o),
            pw as (
                insert into contact_point as p (borrower_id, kind, value, role, priority, sms_consent, voice_consent,
                                                consent_source, consent_at, rnd_checked_at, rnd_result, rnd_source)
                select bid, k, v, r, pr, coalesce(sc, false), coalesce(vc, false),
                       case when sc or vc then 'import' end, case when sc or vc then $26::timestamptz end,
                       ra, rr, case when ra is not null then 'import' end
                  from q
                on conflict (borrower_id, value) do update
                   set kind           = excluded.kind,
                       role           = excluded.role,
                       priority       = excluded.priority,
                       sms_consent    = coalesce((select q.sc from q where q.bid = excluded.borrower_id and q.v = excluded.value), p.sms_consent),
                       voice_consent  = coalesce((select q.vc from q where q.bid = excluded.borrower_id and q.v = excluded.value), p.voice_consent),
                       consent_source = coalesce(p.consent_source, excluded.consent_source),
                       consent_at     = coalesce(p.consent_at, excluded.consent_at),
                       -- a reassigned-numbers check replaces the stored one only when it is as new or newer
                       rnd_checked_at = case when excluded.rnd_checked_at >= coalesce(p.rnd_checked_at, '-infinity')
                                             then excluded.rnd_checked_at else p.rnd_checked_at end,
                       rnd_result     = case when excluded.rnd_checked_at >= coalesce(p.rnd_checked_at, '-infinity')
                                             then excluded.rnd_result else p.rnd_result end,
                       rnd_since      = case when excluded.rnd_checked_at >= coalesce(p.rnd_checked_at, '-infinity')
                                             then null else p.rnd_since end,
                       rnd_proof      = case when excluded.rnd_checked_at >= coalesce(p.rnd_checked_at, '-infinity')
                                             then null else p.rnd_proof end,
                       rnd_source     = case when excluded.rnd_checked_at >= coalesce(p.rnd_checked_at, '-infinity')
                                             then 'import' else p.rnd_source end
                returning id, borrower_id, value),
            -- consent evidence: a consent to automated contact of that number (the same evidence again writes nothing)
            ce as (
                insert into consent (borrower_id, contact_point_id, purpose, channel, granted_at, source, recorded_by, evidence_kind)
                select pw.borrower_id, pw.id, 'automated_contact', null, q.ea, q.es, $27, q.ek
                  from q join pw on pw.borrower_id = q.bid and pw.value = q.v
                 where q.ek is not null
                on conflict (contact_point_id, evidence_kind, source, granted_at) where evidence_kind is not null do nothing
                returning borrower_id, contact_point_id, evidence_kind, source, granted_at),
            -- what the row said of each number, on the history of the borrower's cases in this chunk (the compliance log)
            fh as (
                insert into case_history (case_id, at, event, actor, detail)
                select up.id, $26, 'consent_evidence', $27,
                       jsonb_build_object('contactPointId', ce.contact_point_id, 'kind', ce.evidence_kind,
                                          'source', ce.source, 'givenAt', ce.granted_at, 'via', 'import')
                  from ce join up on up.borrower_id = ce.borrower_id
                union all
                select up.id, $26, 'rnd_check', $27,
                       jsonb_build_object('contactPointId', pw.id, 'numberLast4', right(pw.value, 4), 'result', q.rr,
                                          'checkedAt', q.ra, 'via', 'import')
                  from q join pw on pw.borrower_id = q.bid and pw.value = q.v join up on up.borrower_id = q.bid
                 where q.ra is not null)
            select count(*) filter (where inserted)::int as inserted, count(*)::int as written from up
            """;

    /** $1 case ref. The case with its borrower. */
    static final String CASE = """
            select c.id, c.external_id, c.product, c.amount_overdue::text as amount, c.currency, c.due_date, c.days_past_due,
                   c.stage, c.status, c.risk_grade, c.sol_expired, c.assigned_collector, c.created_at, c.updated_at,
                   b.id as borrower_id, b.external_id as borrower_ref, b.full_name, b.locale, b.time_zone,
                   b.address_region, b.postal_code, b.jurisdiction
              from collection_case c join borrower b on b.id = c.borrower_id
             where c.external_id = $1
            """;

    /** $1 borrower id. */
    static final String POINTS = """
            select p.id, p.kind, p.value, p.role, p.priority, p.sms_consent, p.voice_consent, p.third_party_consent,
                   p.sms_opted_out, p.voice_opted_out, p.email_opted_out, p.invalid_channels,
                   p.last_inbound_text_at, p.rnd_checked_at, p.rnd_result, p.rnd_since, p.rnd_source, p.rnd_proof,
                   (select coalesce(jsonb_agg(jsonb_build_object('kind', e.evidence_kind, 'source', e.source,
                                   'givenAt', to_char(e.granted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                                   'recordedBy', e.recorded_by) order by e.granted_at desc), '[]'::jsonb)
                      from consent e where e.contact_point_id = p.id and e.evidence_kind is not null and e.revoked_at is null)
                       as consent_evidence
              from contact_point p where p.borrower_id = $1 order by p.priority, p.id
            """;

    /**
     * $1 case id, $2/$3 the page cursor (before this instant and id; null: the newest), $4 limit. A page of the history,
     * newest first (index case_history_case_at, read backwards).
     */
    static final String HISTORY_PAGE = """
            select h.id, h.task_id, h.at, h.event, h.state, h.rule_id, h.policy, h.provider_ref, h.actor, h.detail,
                   t.channel, t.template, p.kind as point_kind
              from case_history h
              left join contact_task t on t.id = h.task_id
              left join contact_point p on p.id = t.contact_point_id
             where h.case_id = $1 and ($2::timestamptz is null or (h.at, h.id) < ($2::timestamptz, $3::bigint))
             order by h.at desc, h.id desc
             limit $4
            """;

    /**
     * $1 collector or null, $2 stage or null, $3 status or null, $4 exact case or borrower ref or null, $5 name
     * pattern (ILIKE, escaped) or null, $6/$7 the keyset cursor (days past due, id) or null, $8 limit. Most
     * overdue first; a collector's list reads index collection_case_collector.
     */
    static final String LIST = """
            select c.id, c.external_id, c.product, c.amount_overdue::text as amount, c.currency, c.days_past_due,
                   c.stage, c.status, c.risk_grade, c.assigned_collector, b.external_id as borrower_ref, b.full_name,
                   b.jurisdiction,
                   (select count(*) from case_hold h where h.case_id = c.id and h.cleared_at is null) as open_holds
              from collection_case c join borrower b on b.id = c.borrower_id
             where ($1::text is null or c.assigned_collector = $1)
               and ($2::text is null or c.stage = $2)
               and ($3::text is null or c.status = $3)
               and ($4::text is null or c.external_id = $4 or b.external_id = $4 or b.full_name ilike $5)
               and ($6::int is null or (c.days_past_due, c.id) < ($6::int, $7::bigint))
             order by c.days_past_due desc, c.id desc
             limit $8
            """;

    /**
     * $1 collector, $2 now, $3 today, $4 limit. The collector's day, in the order to work it: open cases whose
     * borrower asked to be called back now (a call-back window open at $2), then those whose last promise to pay fell
     * due before $3 while the case is still overdue, then those never contacted, then the rest, most overdue first.
     * Each with why it stands where it does (rank 1 to 4) and the call-back's window or the promise.
     */
    static final String QUEUE = """
            with mine as (
                select c.id, c.borrower_id, c.external_id, c.product, c.amount_overdue, c.currency, c.days_past_due, c.stage,
                       c.status, c.risk_grade, c.assigned_collector
                  from collection_case c
                 where c.assigned_collector = $1 and c.status not in ('paid', 'withdrawn')),
            callback as (
                select distinct on (m.id) m.id, r.from_at, r.until_at
                  from mine m join callback_request r on r.borrower_id = m.borrower_id
                 where r.cancelled_at is null and r.fulfilled_task_id is null and r.from_at <= $2 and r.until_at > $2
                   and (r.case_id is null or r.case_id = m.id)
                 order by m.id, r.from_at),
            promise as (
                select m.id, p.promise_date, p.amount
                  from mine m
                  cross join lateral (select (h.detail->>'promiseDate')::date as promise_date, h.detail->>'promiseAmount' as amount
                                        from case_history h
                                       where h.case_id = m.id and h.event = 'call_outcome'
                                         and h.detail->>'outcome' = 'promise_to_pay' and h.detail->>'promiseDate' is not null
                                       order by h.at desc limit 1) p
                 where m.status = 'overdue' and p.promise_date < $3),
            ranked as (
                select m.*, cb.from_at as callback_from, cb.until_at as callback_until, pr.promise_date, pr.amount as promise_amount,
                       case when cb.id is not null then 1
                            when pr.id is not null then 2
                            when not exists (select 1 from contact_attempt a where a.borrower_id = m.borrower_id and a.case_id = m.id) then 3
                            else 4 end as rank
                  from mine m
                  left join callback cb on cb.id = m.id
                  left join promise pr on pr.id = m.id)
            select r.id, r.external_id, r.product, r.amount_overdue::text as amount, r.currency, r.days_past_due, r.stage, r.status,
                   r.risk_grade, r.assigned_collector, b.external_id as borrower_ref, b.full_name, b.jurisdiction,
                   (select count(*) from case_hold h where h.case_id = r.id and h.cleared_at is null) as open_holds,
                   r.rank, r.callback_from, r.callback_until, r.promise_date, r.promise_amount
              from ranked r join borrower b on b.id = r.borrower_id
             order by r.rank, r.days_past_due desc, r.id desc
             limit $4
            """;
}
