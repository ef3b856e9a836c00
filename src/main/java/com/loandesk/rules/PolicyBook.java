package com.loandesk.rules;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The loaded policies, routed by jurisdiction: a contact is judged by the policy serving its case's
 * jurisdiction code, falling back by prefix (US-MA-BOS → US-MA → US).
 *
 * <p>An unknown jurisdiction (or none) gets the strictest default, {@value #STRICTEST}: one gate
 * holding every rule of every loaded policy, so a contact passes only what all of them would pass,
 * the narrowest window, the lowest cap of each kind and every block. It is deliberately
 * over-cautious: a borrower whose law is unknown is contacted as if every configured law applied.
 */
public final class PolicyBook implements ContactGate {

    public static final String STRICTEST = "strictest-default";

    private final Map<String, Policy> byName = new LinkedHashMap<>();
    private final Map<String, Policy> byJurisdiction = new LinkedHashMap<>();
    private final RuleSetGate strictest;

    public PolicyBook(List<Policy> policies) {
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
            all.addAll(p.rules());
        }
        this.strictest = new RuleSetGate(STRICTEST, all);
    }

    public static PolicyBook load(Path dir) {
        return new PolicyBook(PolicyLoader.loadDirectory(dir));
    }

    public Optional<Policy> policy(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The gate for a jurisdiction code: its own policy, a prefix's, or the strictest default. */
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

    @Override
    public Decision check(ContactContext context, Instant now) {
        String jurisdiction = context.caseFacts() == null ? null : context.caseFacts().jurisdiction();
        return gateFor(jurisdiction).check(context, now);
    }

    private static String normalise(String code) {
        return code.trim().toUpperCase(Locale.ROOT);
    }
}
