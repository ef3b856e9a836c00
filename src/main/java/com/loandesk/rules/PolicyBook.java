package com.loandesk.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The loaded policies, routed by jurisdiction: a contact is judged by the law's preset serving its case's
 * jurisdiction code, falling back by prefix (US-MA-BOS → US-MA → US), together with the lender's house
 * policy, if one is named: a contact goes only when both allow it (see {@link RuleSetGate#together}).
 *
 * <p>An unknown jurisdiction (or none) gets the strictest default, {@value #STRICTEST}: one gate
 * holding every rule of every policy that serves a jurisdiction, so a contact passes only what all of
 * them would pass, the narrowest window, the lowest cap of each kind and every block. It is deliberately
 * over-cautious: a borrower whose law is unknown is contacted as if every configured law applied. The
 * house policy applies on top of it too.
 */
public final class PolicyBook implements ContactGate {

    public static final String STRICTEST = "strictest-default";

    private final Map<String, Policy> byName = new LinkedHashMap<>();
    private final Map<String, Policy> byJurisdiction = new LinkedHashMap<>();
    private final RuleSetGate strictest;
    private final Policy house;
    /** Each law's gate judged together with the house policy, by the law's policy name. */
    private final Map<String, RuleSetGate> withHouse = new LinkedHashMap<>();
    private final RuleSetGate strictestWithHouse;

    /** The policies with no house policy on top: each jurisdiction is judged by its law alone. */
    public PolicyBook(List<Policy> policies) {
        this(policies, null);
    }

    /**
     * The policies, with {@code housePolicy} (the name of one of them, or null for none) judged on top of
     * every jurisdiction's. The house policy must serve no jurisdiction of its own.
     */
    public PolicyBook(List<Policy> policies, String housePolicy) {
        if (policies.isEmpty()) {
            throw new PolicyException("a policy book needs at least one policy");
        }
        List<Rule> all = new ArrayList<>();
        for (Policy p : policies) {
            if (byName.put(p.name(), p) != null) {
                throw new PolicyException(p.source() + ": policy name '" + p.name() + "' is used twice");
            }
            for (String code : p.jurisdictions()) {
                Policy other = byJurisdiction.put(normalise(code), p);
                if (other != null) {
                    throw new PolicyException(p.source() + ": jurisdiction " + code + " is also served by " + other.source());
                }
            }
            if (!p.jurisdictions().isEmpty()) {
                all.addAll(p.rules());
            }
        }
        if (all.isEmpty()) {
            throw new PolicyException("no policy serves a jurisdiction: the strictest default would have no rule");
        }
        this.strictest = new RuleSetGate(STRICTEST, all);
        if (housePolicy == null) {
            this.house = null;
        } else {
            this.house = byName.get(housePolicy);
            if (house == null) {
                throw new PolicyException("house policy '" + housePolicy + "' is not one of the loaded policies " + byName.keySet());
            }
            if (!house.jurisdictions().isEmpty()) {
                throw new PolicyException(house.source() + ": the house policy '" + housePolicy
                        + "' applies to every jurisdiction and must serve none of its own, but serves " + house.jurisdictions());
            }
        }
        for (Policy p : policies) {
            if (!p.jurisdictions().isEmpty()) {
                withHouse.put(p.name(), withHouse(p.gate()));
            }
        }
        this.strictestWithHouse = withHouse(strictest);
    }

    private RuleSetGate withHouse(RuleSetGate law) {
        return house == null ? law : RuleSetGate.together(List.of(law, house.gate()));
    }

    /** The house policy judged on top of every jurisdiction's, if one is named. */
    public Optional<Policy> house() {
        return Optional.ofNullable(house);
    }

    public Optional<Policy> policy(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * The law's gate for a jurisdiction code: its own policy, a prefix's, or the strictest default,
     * without the house policy.
     */
    public RuleSetGate gateFor(String jurisdiction) {
        if (jurisdiction != null) {
            String code = normalise(jurisdiction);
            while (!code.isEmpty()) {
                Policy p = byJurisdiction.get(code);
                if (p != null) {
                    return p.gate();
                }
                int dash = code.lastIndexOf('-');
                code = dash < 0 ? "" : code.substring(0, dash);
            }
        }
        return strictest;
    }

    /** What judges a contact of a jurisdiction: its law's gate together with the house policy. */
    public RuleSetGate judgeFor(String jurisdiction) {
        RuleSetGate law = gateFor(jurisdiction);
        return law == strictest ? strictestWithHouse : withHouse.get(law.policy());
    }

    @Override
    public Decision check(ContactContext context, Instant now) {
        String jurisdiction = context.caseFacts() == null ? null : context.caseFacts().jurisdiction();
        return judgeFor(jurisdiction).check(context, now);
    }

    private static String normalise(String code) {
        return code.trim().toUpperCase(Locale.ROOT);
    }
}
