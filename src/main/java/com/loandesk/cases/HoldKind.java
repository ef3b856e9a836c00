package com.loandesk.cases;

import com.loandesk.auth.Role;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The kinds of hold that stop automated contact on a case, each with who may set it and who may clear it.
 * Setting a hold is the cautious direction: whoever works the case may set any kind. Clearing one lets
 * contact resume, so the legal holds (the stop conditions of the law: dispute, complaint, fraud,
 * bankruptcy, deceased, cease-communication) are cleared by compliance alone, with a reason; welfare
 * holds (illness, pregnancy, bereavement) by compliance or an admin; a repayment plan also by the case's
 * collector (the plan was broken or paid).
 */
public enum HoldKind {
    DISPUTE(true), COMPLAINT(true), FRAUD(true), BANKRUPTCY(true), DECEASED(true), CEASE_COMMUNICATION(true),
    ILLNESS(false), PREGNANCY(false), BEREAVEMENT(false), REPAYMENT_PLAN(false);

    private static final Set<Role> SETTERS = EnumSet.of(Role.COLLECTOR, Role.COMPLIANCE, Role.ADMIN);
    /** Every code, for validation messages and the database's check. */
    public static final Set<String> CODES = EnumSet.allOf(HoldKind.class).stream().map(HoldKind::code)
            .collect(Collectors.toUnmodifiableSet());

    private final boolean legal;

    HoldKind(boolean legal) {
        this.legal = legal;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A stop condition of the law: cleared by compliance alone. */
    public boolean legal() {
        return legal;
    }

    public boolean mayBeSetBy(Role role) {
        return SETTERS.contains(role);
    }

    public Set<Role> clearers() {
        if (legal) {
            return EnumSet.of(Role.COMPLIANCE);
        }
        return this == REPAYMENT_PLAN ? EnumSet.of(Role.COLLECTOR, Role.COMPLIANCE, Role.ADMIN) : EnumSet.of(Role.COMPLIANCE, Role.ADMIN);
    }

    public boolean mayBeClearedBy(Role role) {
        return clearers().contains(role);
    }

    /** In words, for a refusal: "a dispute hold is cleared only by compliance". */
    public String clearRule() {
        return "a " + code().replace('_', '-') + " hold is cleared only by "
                + clearers().stream().map(Role::code).sorted().collect(Collectors.joining(" or "));
    }

    /** The kinds {@code role} may clear. */
    public static Set<HoldKind> clearableBy(Role role) {
        Set<HoldKind> out = EnumSet.noneOf(HoldKind.class);
        for (HoldKind k : values()) {
            if (k.mayBeClearedBy(role)) {
                out.add(k);
            }
        }
        return out;
    }

    /** The kind named {@code code}; IllegalArgumentException for anything else. */
    public static HoldKind parse(String code) {
        for (HoldKind k : values()) {
            if (k.code().equals(code)) {
                return k;
            }
        }
        throw new IllegalArgumentException("kind must be one of " + CODES.stream().sorted().toList());
    }
}
