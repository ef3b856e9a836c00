package com.loandesk.cases;

import com.loandesk.cases.ImportRow.Point;
import com.loandesk.cases.ImportRow.Rejection;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks import rows field by field, before anything is written. Rows come as maps of field name to
 * value (JSON objects or CSV records); the first bad field rejects the row, naming that field.
 * Pure: no I/O.
 */
public final class ImportValidator {

    /** Every column an import row may have. */
    public static final Set<String> COLUMNS = Set.of("borrower_external_id", "borrower_name", "locale", "time_zone",
            "address_region", "postal_code", "jurisdiction", "case_external_id", "product", "amount_overdue", "currency",
            "due_date", "days_past_due", "stage", "status", "risk_grade", "assigned_collector", "mobile", "home", "work",
            "emergency", "email", "sms_consent", "voice_consent",
            "work_consent_kind", "work_consent_source", "work_consent_at", "work_rnd_checked_at", "work_rnd_result",
            "mobile_consent_kind", "mobile_consent_source", "mobile_consent_at", "mobile_rnd_checked_at", "mobile_rnd_result",
            "home_consent_kind", "home_consent_source", "home_consent_at", "home_rnd_checked_at", "home_rnd_result");
    /** The phone columns that may carry consent evidence and a reassigned-numbers check ({kind}_consent_kind, ...). */
    private static final List<String> EVIDENCED_PHONES = List.of("work", "mobile", "home");
    /** The evidence columns of each of {@link #EVIDENCED_PHONES}, named once (a row looks each up). */
    private static final Map<String, EvidenceColumns> EVIDENCE = Map.of("work", EvidenceColumns.of("work"),
            "mobile", EvidenceColumns.of("mobile"), "home", EvidenceColumns.of("home"));
    private static final List<String> PHONE_COLUMNS = List.of("work", "mobile", "home", "emergency");

    /** The columns {kind}_consent_kind, _consent_source, _consent_at, _rnd_checked_at and _rnd_result of one phone column. */
    private record EvidenceColumns(String consentKind, String consentSource, String consentAt, String rndCheckedAt,
                                   String rndResult) {
        static EvidenceColumns of(String kind) {
            return new EvidenceColumns(kind + "_consent_kind", kind + "_consent_source", kind + "_consent_at",
                    kind + "_rnd_checked_at", kind + "_rnd_result");
        }

        List<String> all() {
            return List.of(consentKind, consentSource, consentAt, rndCheckedAt, rndResult);
        }
    }

    private static final Pattern REF = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}");
    private static final Pattern REGION = Pattern.compile("[A-Z]{2}(-[A-Z0-9]{1,3})?");
    private static final Pattern LOCALE = Pattern.compile("[a-z]{2,3}([-_][A-Za-z0-9]{2,8})*");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+'-]{1,64}@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,63}");
    private static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000000");
    /** Phone columns in the order a borrower is tried (DOMAIN.md): work, mobile, home, emergency. */
    private static final Map<String, Integer> PHONE_PRIORITY = Map.of("work", 1, "mobile", 2, "home", 3, "emergency", 9);

    private ImportValidator() {
    }

    /** The outcome of validating a whole file: the rows to write and the rows rejected. */
    public record Result(List<ImportRow> valid, List<Rejection> rejected) {
    }

    /** Validates {@code rows} (1-based positions); a case reference repeated in the file rejects the repeats. */
    public static Result validate(List<Map<String, Object>> rows) {
        List<ImportRow> valid = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        Checker checker = new Checker();
        for (int i = 0; i < rows.size(); i++) {
            Object outcome = checker.check(i + 1, rows.get(i));
            if (outcome instanceof ImportRow r) {
                valid.add(r);
            } else {
                rejected.add((Rejection) outcome);
            }
        }
        return new Result(valid, rejected);
    }

    /**
     * Checks the rows of one import in order, one at a time (a file read as a stream): remembers the case references
     * seen so far (in bounded memory, {@link CaseRefsSeen}) so a repeat is rejected naming the row it repeats.
     */
    public static final class Checker {
        private final CaseRefsSeen seenCases = new CaseRefsSeen();
        private final PhoneMemo phones = new PhoneMemo(PhoneMemo.CAPACITY);

        /** Row {@code n} (1-based) as an {@link ImportRow}, or its {@link Rejection}. */
        public Object check(int n, Map<String, ?> raw) {
            try {
                @SuppressWarnings("unchecked")
                ImportRow row = row(n, (Map<String, Object>) raw, phones);
                int first = seenCases.putIfAbsent(row.caseRef(), n);
                if (first != 0) {
                    throw new Bad("case_external_id", "repeats the case of row " + first);
                }
                return row;
            } catch (Bad e) {
                return new Rejection(n, e.field, e.getMessage());
            }
        }
    }

    static ImportRow row(int n, Map<String, Object> raw) {
        return row(n, raw, null);
    }

    /** Row {@code n}; {@code phones} (null: none) remembers the last numbers read, a borrower's cases repeating them. */
    static ImportRow row(int n, Map<String, Object> raw, PhoneMemo phones) {
        if (raw == null) {
            throw new Bad("row", "the row must be an object");
        }
        if (raw.containsKey("#extra")) {
            throw new Bad("row", "the row has more fields than the header");
        }
        for (String key : raw.keySet()) {
            if (!COLUMNS.contains(key)) {
                throw new Bad(key, "unknown field");
            }
        }
        Map<String, String> f = new HashMap<>(raw.size() * 2);
        raw.forEach((k, v) -> {
            if (v instanceof Map || v instanceof List || v instanceof io.vertx.core.json.JsonObject || v instanceof io.vertx.core.json.JsonArray) {
                throw new Bad(k, "must be a single value");
            }
            String s = v == null ? null : String.valueOf(v).strip();
            f.put(k, s == null || s.isEmpty() ? null : s);
        });

        String borrowerRef = pattern(f, "borrower_external_id", REF, true, "1-64 letters, digits or . _ : / -");
        String name = text(f, "borrower_name", 200, true);
        String locale = pattern(f, "locale", LOCALE, false, "a language tag such as en or zh-CN");
        String zone = f.get("time_zone");
        if (zone != null) {
            try {
                ZoneId.of(zone);
            } catch (DateTimeException e) {
                throw new Bad("time_zone", "not an IANA time zone");
            }
        }
        String region = pattern(upperIn(f, "address_region"), "address_region", REGION, false, "ISO 3166-2, e.g. US-CA");
        String postal = text(f, "postal_code", 20, false);
        String jurisdiction = pattern(upperIn(f, "jurisdiction"), "jurisdiction", REGION, true, "e.g. US, US-MA or CN");
        String caseRef = pattern(f, "case_external_id", REF, true, "1-64 letters, digits or . _ : / -");
        String product = text(f, "product", 100, true);
        BigDecimal amount = amount(f);
        String currency = pattern(upperIn(f, "currency"), "currency", CURRENCY, true, "an ISO 4217 code such as USD");
        LocalDate due = date(f, "due_date");
        Integer dpd = days(f);
        String stage = oneOf(f, "stage", com.loandesk.rules.Stage.CODES, true);
        String status = oneOf(f, "status", Set.of("current", "warning", "overdue", "paid", "withdrawn"), true);
        String risk = oneOf(f, "risk_grade", Set.of("high", "medium", "low"), false);
        String collector = pattern(f, "assigned_collector", USERNAME, false, "a username");
        Boolean sms = bool(f, "sms_consent");
        Boolean voice = bool(f, "voice_consent");

        String hint = region != null ? region : jurisdiction;
        Map<String, Point> points = new LinkedHashMap<>();
        for (String kind : PHONE_COLUMNS) {
            String value = f.get(kind);
            if (value != null) {
                String e164;
                try {
                    e164 = phones == null ? Phones.toE164(value, hint) : phones.toE164(value, hint);
                } catch (IllegalArgumentException e) {
                    throw new Bad(kind, e.getMessage());
                }
                points.putIfAbsent(e164, evidenced(f, kind, new Point(kind, e164, "emergency".equals(kind) ? "third_party" : "borrower",
                        PHONE_PRIORITY.get(kind))));
            }
        }
        for (String kind : EVIDENCED_PHONES) {
            if (f.get(kind) == null) {
                for (String column : EVIDENCE.get(kind).all()) {
                    if (f.get(column) != null) {
                        throw new Bad(column, "is given without a " + kind + " number");
                    }
                }
            }
        }
        String email = f.get("email");
        if (email != null) {
            if (email.length() > 254 || !EMAIL.matcher(email).matches() || email.contains("..")) {
                throw new Bad("email", "not a valid e-mail address");
            }
            int at = email.indexOf('@');
            String normal = email.substring(0, at) + email.substring(at).toLowerCase(Locale.ROOT);
            points.putIfAbsent(normal, new Point("email", normal, "borrower", 1));
        }
        return new ImportRow(n, borrowerRef, name, locale, zone, region, postal, jurisdiction, caseRef, product, amount,
                currency, due, dpd, stage, status, risk, collector, sms, voice, List.copyOf(points.values()));
    }

    /** The point with the consent evidence and reassigned-numbers check its {kind}_ columns give: all or none of each. */
    private static Point evidenced(Map<String, String> f, String kind, Point p) {
        EvidenceColumns columns = EVIDENCE.get(kind);
        if (columns == null) {
            return p;
        }
        String ek = f.get(columns.consentKind());
        String es = text(f, columns.consentSource(), 100, false);
        String ea = f.get(columns.consentAt());
        if (ek != null || es != null || ea != null) {
            for (String field : List.of(columns.consentKind(), columns.consentSource(), columns.consentAt())) {
                if (f.get(field) == null) {
                    throw new Bad(field, "is required with the other " + kind + "_consent_ fields (kind, source, at)");
                }
            }
            try {
                ek = com.loandesk.rules.ConsentEvidenceKind.of(ek).code();
            } catch (IllegalArgumentException e) {
                throw new Bad(columns.consentKind(), e.getMessage());
            }
        }
        String ra = f.get(columns.rndCheckedAt());
        String rr = f.get(columns.rndResult());
        if ((ra == null) != (rr == null)) {
            throw new Bad(ra == null ? columns.rndCheckedAt() : columns.rndResult(),
                    "is required with " + (ra == null ? columns.rndResult() : columns.rndCheckedAt()));
        }
        if (rr != null) {
            try {
                rr = com.loandesk.rules.RndResult.of(rr).code();
            } catch (IllegalArgumentException e) {
                throw new Bad(columns.rndResult(), e.getMessage());
            }
        }
        if (ek == null && ra == null) {
            return p;
        }
        return new Point(p.kind(), p.value(), p.role(), p.priority(), ek, es, instantOrDay(ea, columns.consentAt()),
                instantOrDay(ra, columns.rndCheckedAt()), rr);
    }

    /** An instant (2026-11-20T15:00:00Z) or a day (2026-11-20, its start in UTC); null for null. */
    private static java.time.Instant instantOrDay(String v, String field) {
        if (v == null) {
            return null;
        }
        try {
            return v.length() == 10 ? LocalDate.parse(v).atStartOfDay(java.time.ZoneOffset.UTC).toInstant() : java.time.Instant.parse(v);
        } catch (DateTimeException e) {
            throw new Bad(field, "must be a date YYYY-MM-DD or an instant such as 2026-11-20T15:00:00Z");
        }
    }

    private static Map<String, String> upperIn(Map<String, String> f, String field) {
        String v = f.get(field);
        if (v != null) {
            f.put(field, v.toUpperCase(Locale.ROOT));
        }
        return f;
    }

    private static String text(Map<String, String> f, String field, int max, boolean required) {
        String v = f.get(field);
        if (v == null) {
            if (required) {
                throw new Bad(field, "is required");
            }
            return null;
        }
        if (v.length() > max) {
            throw new Bad(field, "must be at most " + max + " characters");
        }
        return v;
    }

    private static String pattern(Map<String, String> f, String field, Pattern p, boolean required, String what) {
        String v = text(f, field, 200, required);
        if (v != null && !p.matcher(v).matches()) {
            throw new Bad(field, "must be " + what);
        }
        return v;
    }

    private static String oneOf(Map<String, String> f, String field, Set<String> allowed, boolean required) {
        String v = text(f, field, 40, required);
        if (v != null && !allowed.contains(v)) {
            throw new Bad(field, "must be one of " + String.join(", ", new java.util.TreeSet<>(allowed)));
        }
        return v;
    }

    private static BigDecimal amount(Map<String, String> f) {
        String v = text(f, "amount_overdue", 30, true);
        try {
            BigDecimal a = new BigDecimal(v);
            if (a.signum() < 0 || a.compareTo(MAX_AMOUNT) >= 0 || a.stripTrailingZeros().scale() > 2) {
                throw new Bad("amount_overdue", "must be 0 or more, below 10^12, with at most 2 decimals");
            }
            return a.setScale(2);
        } catch (NumberFormatException e) {
            throw new Bad("amount_overdue", "must be a decimal number such as 1500.00");
        }
    }

    private static LocalDate date(Map<String, String> f, String field) {
        String v = text(f, field, 10, true);
        try {
            return LocalDate.parse(v);
        } catch (DateTimeException e) {
            throw new Bad(field, "must be a date YYYY-MM-DD");
        }
    }

    private static Integer days(Map<String, String> f) {
        String v = text(f, "days_past_due", 6, false);
        if (v == null) {
            return null;
        }
        try {
            int d = Integer.parseInt(v);
            if (d >= 0 && d <= 36_500) {
                return d;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new Bad("days_past_due", "must be a whole number from 0 to 36500");
    }

    private static Boolean bool(Map<String, String> f, String field) {
        String v = f.get(field);
        if (v == null) {
            return null;
        }
        switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "y":
                return true;
            case "false", "no", "0", "n":
                return false;
            default:
                throw new Bad(field, "must be true or false");
        }
    }

    /**
     * The last {@code capacity} phone numbers read, as {@link Phones#toE164} answered them (an E.164 number or the
     * reason it is refused): a borrower with several cases has the same numbers on each row, and libphonenumber's
     * validation is most of a row's validation. Bounded (least recently used out); confined to one thread.
     */
    static final class PhoneMemo {
        static final int CAPACITY = 4096;
        private final Map<String, String> answers;

        PhoneMemo(int capacity) {
            this.answers = new LinkedHashMap<>(capacity * 2, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                    return size() > capacity;
                }
            };
        }

        String toE164(String raw, String hint) {
            String key = (hint == null ? "" : hint) + '|' + raw;
            String answer = answers.get(key);
            if (answer == null) {
                try {
                    answer = Phones.toE164(raw, hint);
                } catch (IllegalArgumentException e) {
                    answer = "!" + e.getMessage();
                }
                answers.put(key, answer);
            }
            if (answer.charAt(0) == '!') {
                throw new IllegalArgumentException(answer.substring(1));
            }
            return answer;
        }
    }

    /** A rejected field. */
    private static final class Bad extends RuntimeException {
        final String field;

        Bad(String field, String reason) {
            super(reason, null, false, false);
            this.field = field;
        }
    }
}
