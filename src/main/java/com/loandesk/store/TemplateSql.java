package com.loandesk.store;

/** The SQL of message templates as the API writes them: versions, approval, listing, preview lookup. */
final class TemplateSql {

    private TemplateSql() {
    }

    private static final String COLUMNS = """
            id, code, version, channel, locale, subject, body, locate_only, legal_threat, formal_notice,
            created_by, created_at, approved_by, approved_at""";

    /** $1 lock key. Serialises version numbering of one (code, channel, locale) until commit. */
    static final String LOCK = """
            select pg_advisory_xact_lock(hashtext($1))
            """;

    /** $1 code, $2 channel, $3 locale, $4 subject, $5 body, $6..$8 flags, $9 created by, $10 now. Version n+1, unapproved. */
    static final String CREATE = """
            insert into template (code, version, channel, locale, subject, body, locate_only, legal_threat, formal_notice,
                                  created_by, created_at)
            select $1, coalesce(max(version), 0) + 1, $2, $3, $4, $5, $6, $7, $8, $9, $10
              from template where code = $1 and channel = $2 and locale = $3
            returning %s
            """.formatted(COLUMNS);

    /** $1 code, $2 version, $3 channel or null, $4 locale or null. Locked for approval. */
    static final String VERSION_FOR_UPDATE = """
            select %s from template
             where code = $1 and version = $2 and ($3::text is null or channel = $3) and ($4::text is null or locale = $4)
               for update
            """.formatted(COLUMNS);

    /** $1 id, $2 approver, $3 now. */
    static final String APPROVE = """
            update template set approved_by = $2, approved_at = $3 where id = $1 and approved_at is null
            returning %s
            """.formatted(COLUMNS);

    /** $1 code or null. Every version, newest first within each (code, channel, locale). */
    static final String LIST = """
            select %s from template where ($1::text is null or code = $1)
             order by code, channel, locale, version desc
             limit 1000
            """.formatted(COLUMNS);

    /** $1 code, $2 channel or null, $3 locale or null, $4 version or null, $5 preferred locale. */
    static final String FOR_PREVIEW = """
            select %s from template
             where code = $1 and ($2::text is null or channel = $2) and ($3::text is null or locale = $3)
               and ($4::int is null or version = $4)
             order by (locale = $5) desc, version desc
             limit 1
            """.formatted(COLUMNS);

    /** $1 case ref. What a case offers a template. */
    static final String CASE_VARIABLES = """
            select c.external_id, c.amount_overdue, c.currency, c.due_date, c.days_past_due, c.product,
                   c.assigned_collector, b.full_name, b.locale
              from collection_case c join borrower b on b.id = c.borrower_id
             where c.external_id = $1
            """;
}
