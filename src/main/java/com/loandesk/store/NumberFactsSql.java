package com.loandesk.store;

/** The SQL of consent evidence and reassigned-numbers checks per contact point (V18). Parameters are positional. */
final class NumberFactsSql {

    private NumberFactsSql() {
    }

    /** $1 case id, $2 contact point id. The point, row-locked, when it belongs to the case's borrower. */
    static final String POINT_OF_CASE = """
            select p.id, p.borrower_id, p.kind, p.value, p.rnd_checked_at
              from contact_point p join collection_case c on c.borrower_id = p.borrower_id
             where c.id = $1 and p.id = $2
               for no key update of p
            """;

    /**
     * $1 borrower, $2 point, $3 kind, $4 given at, $5 source, $6 recorded by. Consent evidence: a consent to automated
     * contact of that number on every channel; the same evidence recorded again writes nothing (no row back).
     */
    static final String ADD_CONSENT_EVIDENCE = """
            insert into consent (borrower_id, contact_point_id, purpose, channel, granted_at, source, recorded_by, evidence_kind)
            values ($1, $2, 'automated_contact', null, $4, $5, $6, $3)
            on conflict (contact_point_id, evidence_kind, source, granted_at) where evidence_kind is not null do nothing
            returning id
            """;

    /** $1 point, $2 checked at, $3 result, $4 since (date or null), $5 proof, $6 source. The number's last check. */
    static final String SET_RND = """
            update contact_point set rnd_checked_at = $2, rnd_result = $3, rnd_since = $4, rnd_proof = $5, rnd_source = $6
             where id = $1
            """;

    /** $1 case, $2 at, $3 event, $4 actor, $5 detail. */
    static final String HISTORY = """
            insert into case_history (case_id, at, event, actor, detail) values ($1, $2, $3, $4, $5)
            """;

    /**
     * $1 after this point id, $2 checks before this instant are stale, $3 limit. US phone numbers (not e-mail) whose
     * check is missing or stale, in id order (a keyset over index contact_point_us_phones), each with the date to ask
     * about: the latest day the borrower is known to have had it (newest consent evidence, last text from it, a V1
     * consent not set by an import, the last clean check). A number with no such date is skipped: the database can only answer "since when".
     * A number found reassigned is asked about again only once consent evidence dated after that check has come.
     */
    static final String STALE = """
            select id, value, since from (
                select p.id, p.value, p.rnd_result, p.rnd_checked_at,
                       greatest((select max(e.granted_at) from consent e
                                  where e.contact_point_id = p.id and e.evidence_kind is not null and e.revoked_at is null),
                                p.last_inbound_text_at,
                                -- an imported consent flag's date is the import's, not a day the borrower had the number
                                case when p.consent_source is distinct from 'import' then p.consent_at end,
                                case when p.rnd_result = 'not_reassigned' then p.rnd_checked_at end) as since
                  from contact_point p
                 where p.id > $1 and p.value like '+1%' and p.kind <> 'email'
                   and (p.rnd_checked_at is null or p.rnd_checked_at < $2)
                 order by p.id) s
             where since is not null
               and (rnd_result is distinct from 'reassigned' or since > rnd_checked_at)
             limit $3
            """;

    /**
     * $1 point ids, $2 checked at, $3 results, $4 since dates, $5 proofs, $6 source. The job's answers for a batch, one
     * statement; a check recorded meanwhile that is newer is kept. A history row on each open case of the number's
     * borrower, so the compliance log shows the check.
     */
    static final String RECORD_BATCH = """
            with a as (
                select * from unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::date[], $5::text[])
                           as a(id, at, result, since, proof)),
            u as (
                update contact_point p
                   set rnd_checked_at = a.at, rnd_result = a.result, rnd_since = a.since, rnd_proof = a.proof, rnd_source = $6
                  from a
                 where p.id = a.id and (p.rnd_checked_at is null or p.rnd_checked_at < a.at)
                returning p.id, p.borrower_id, p.value, a.at, a.result, a.since, a.proof),
            h as (
                insert into case_history (case_id, at, event, actor, detail)
                select c.id, u.at, 'rnd_check', $6,
                       jsonb_build_object('contactPointId', u.id, 'numberLast4', right(u.value, 4), 'result', u.result,
                                          'since', u.since, 'proof', u.proof)
                  from u join collection_case c on c.borrower_id = u.borrower_id
                 where c.status not in ('paid', 'withdrawn'))
            select count(*)::int from u
            """;
}
