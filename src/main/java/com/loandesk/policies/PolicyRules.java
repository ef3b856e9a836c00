package com.loandesk.policies;

import com.loandesk.rules.*;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Builds one rule from its entry in a policy file. The entry's {@code rule} key names its type. */
final class PolicyRules {

    /** A cap of any shape; its entry must give its own {@code id}. */
    static final String CONTACT_CAP = "CONTACT_CAP";

    private static final Set<String> STAGES = Stage.CODES;
    private static final Set<String> KINDS = PointKind.CODES;
    private static final Set<String> STATUSES = Set.of("current", "warning", "overdue", "paid", "withdrawn");
    private static final Set<String> HOLDS = Set.of("dispute", "complaint", "fraud", "illness", "pregnancy",
            "bereavement", "bankruptcy", "deceased", "cease_communication", "repayment_plan");
    private static final Pattern ID = Pattern.compile("[A-Z][A-Z0-9_]*");

    private PolicyRules() {
    }

    /**
     * Every rule type a policy file may name, with how its entry is read: one place to add a type (which must also
     * say how it compares with a parent it redefines, {@link Rule#looserThan}).
     */
    private static final Map<String, Function<PolicyKeys, Rule>> BUILDERS = builders();

    /** The rule types, in the order the error message lists them. */
    static final List<String> TYPES = List.copyOf(BUILDERS.keySet());

    private static Map<String, Function<PolicyKeys, Rule>> builders() {
        Map<String, Function<PolicyKeys, Rule>> b = new LinkedHashMap<>();
        b.put(LocalHoursRule.ID, k -> new LocalHoursRule(window(k), k.bool("callbacks", true)));
        b.put(InconvenientTimeRule.ID, k -> new InconvenientTimeRule());
        for (String cap : List.of(Caps.DAILY_CAP, Caps.WEEKLY_CAP_PER_DEBT, Caps.CALLS_7_IN_7, Caps.CONNECTED_CALLS_PER_DAY,
                Caps.UNANSWERED_PER_NUMBER_PER_DAY, Caps.MESSAGES_PER_DAY, CONTACT_CAP)) {
            b.put(cap, k -> cap(cap, k));
        }
        b.put(TalkTimeRule.ID, k -> new TalkTimeRule(Duration.ofMinutes(k.intAtLeast("minutes", 30, 1))));
        b.put(ConversationLockRule.ID, k -> new ConversationLockRule(k.intAtLeast("days", 7, 1)));
        b.put(HoldRule.ID, k -> new HoldRule(orElse(k.texts("kinds", HOLDS), Set.of())));
        b.put(CaseClosedRule.ID, k -> new CaseClosedRule(orElse(k.texts("statuses", STATUSES), CaseClosedRule.DEFAULT_STATUSES)));
        b.put(OptedOutRule.ID, k -> new OptedOutRule());
        b.put(InvalidAddressRule.ID, k -> new InvalidAddressRule());
        b.put(NoConsentRule.ID, k -> new NoConsentRule(orElse(k.channels("channels"), EnumSet.of(Channel.VOICE, Channel.SMS)),
                orElse(k.texts("kinds", KINDS), Set.of("mobile"))));
        b.put(ThirdPartyRule.ID, k -> new ThirdPartyRule(k.bool("requireConsent", true)));
        b.put(LetterMinBalanceRule.ID, k -> new LetterMinBalanceRule(
                k.decimalAtLeast("minAmount", BigDecimal.valueOf(1000), BigDecimal.ZERO)));
        b.put(TimeBarredRule.ID, k -> new TimeBarredRule());
        b.put(UnapprovedTemplateRule.ID, k -> new UnapprovedTemplateRule());
        b.put(TextSafeHarborRule.ID, k -> new TextSafeHarborRule(Duration.ofDays(k.intAtLeast("inboundDays", 60, 1)),
                Duration.ofDays(k.intAtLeast("rndDays", 30, 1)), Duration.ofDays(k.intAtLeast("consentDays", 60, 1))));
        return java.util.Collections.unmodifiableMap(b);
    }

    static Rule build(PolicyKeys k) {
        String type = k.text("rule", null);
        Function<PolicyKeys, Rule> builder = BUILDERS.get(type);
        if (builder == null) {
            throw k.error("rule", "names unknown rule '" + type + "' (known: " + String.join(", ", TYPES) + ")");
        }
        Rule rule = builder.apply(k);
        Set<String> stages = k.texts("stages", STAGES);
        k.rejectUnknown();
        return stages == null ? rule : new StageScopedRule(rule, stages);
    }

    private static LocalWindow window(PolicyKeys k) {
        var start = k.time("start");
        var end = k.time("end");
        if (!start.isBefore(end)) {
            throw k.error("start", "(" + start + ") must be before end (" + end + ")");
        }
        return new LocalWindow(start, end);
    }

    /** A cap: the named type's defaults, with whatever the entry overrides. */
    private static ContactCap cap(String type, PolicyKeys k) {
        ContactCap base = switch (type) {
            case Caps.DAILY_CAP -> Caps.dailyCap(k.intAtLeast("max", null, 0));
            case Caps.WEEKLY_CAP_PER_DEBT -> Caps.weeklyPerDebt(k.intAtLeast("max", null, 0));
            case Caps.CALLS_7_IN_7 -> Caps.callsSevenInSeven();
            case Caps.CONNECTED_CALLS_PER_DAY -> Caps.connectedCallsPerDay(3);
            case Caps.UNANSWERED_PER_NUMBER_PER_DAY -> Caps.unansweredPerNumberPerDay(6);
            case Caps.MESSAGES_PER_DAY -> Caps.messagesPerDay(k.channel("channel"), k.intAtLeast("max", null, 0));
            case CONTACT_CAP -> new ContactCap(CONTACT_CAP, k.intAtLeast("max", null, 0), new CountWindow.LocalDays(1),
                    CountScope.BORROWER, Counting.ATTEMPTS, Set.of(), Set.of(), false);
            default -> throw new IllegalStateException(type);
        };
        String id = type.equals(CONTACT_CAP) ? k.text("id", null) : k.text("id", type);
        if (!ID.matcher(id).matches()) {
            throw k.error("id", "must be upper case letters, digits and _, was '" + id + "'");
        }
        if (type.equals(CONTACT_CAP) && !k.has("rollingDays") && !k.has("localDays")) {
            throw k.error("rollingDays", "or localDays is required for " + CONTACT_CAP);
        }
        if (k.has("rollingDays") && k.has("localDays")) {
            throw k.error("rollingDays", "and localDays cannot both be given");
        }
        CountWindow window = base.window();
        if (k.has("rollingDays")) {
            window = new CountWindow.Rolling(Duration.ofDays(k.intAtLeast("rollingDays", null, 1)));
        } else if (k.has("localDays")) {
            window = new CountWindow.LocalDays(k.intAtLeast("localDays", null, 1));
        }
        int max = k.intAtLeast("max", base.max(), 0);
        return new ContactCap(id, max, window,
                k.enumValue("scope", CountScope.class, base.scope()),
                k.enumValue("counts", Counting.class, base.counting()),
                type.equals(Caps.MESSAGES_PER_DAY) ? base.channels() : orElse(k.channels("channels"), base.channels()),
                orElse(k.texts("kinds", KINDS), base.kinds()),
                base.directConsentExempt());
    }

    private static <T> Set<T> orElse(Set<T> given, Set<T> fallback) {
        return given == null ? fallback : given;
    }
}
