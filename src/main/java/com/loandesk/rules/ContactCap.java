package com.loandesk.rules;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * At most {@code max} counted contacts within a window. Every frequency rule is one of these, named in
 * {@link Caps}. When the cap is reached the contact is deferred to the instant enough counted contacts
 * have left the window to free one slot; with several candidate zones, to the latest such instant.
 *
 * <p>A cap applies to a proposed contact whose channel is in {@code channels} and whose contact point
 * kind is in {@code kinds} (empty: any), and counts only past contacts of those channels and kinds (a
 * past contact of unknown kind counts). With {@code directConsentExempt} (Reg F), calls made under a
 * direct prior consent are not counted and a call while one holds is not capped.
 */
public final class ContactCap implements Rule {

    private final String id;
    private final int max;
    private final CountWindow window;
    private final CountScope scope;
    private final Counting counting;
    private final Set<Channel> channels;
    private final Set<String> kinds;
    private final boolean directConsentExempt;

    public ContactCap(String id, int max, CountWindow window, CountScope scope, Counting counting,
            Set<Channel> channels, Set<String> kinds, boolean directConsentExempt) {
        this.id = Objects.requireNonNull(id, "id");
        if (max < 0) {
            throw new IllegalArgumentException(id + " max must be >= 0, was " + max);
        }
        this.max = max;
        this.window = Objects.requireNonNull(window, "window");
        this.scope = Objects.requireNonNull(scope, "scope");
        this.counting = Objects.requireNonNull(counting, "counting");
        this.channels = Set.copyOf(channels);
        this.kinds = Set.copyOf(kinds);
        this.directConsentExempt = directConsentExempt;
    }

    /** {@inheritDoc} */
    @Override
    public String looserThan(Rule parent) {
        ContactCap p = (ContactCap) parent;
        if (!p.window().equals(window()) || p.scope() != scope() || p.counting() != counting()
                || !p.channels().equals(channels()) || !p.kinds().equals(kinds())) {
            return "counts differently from the rule it replaces (only max may change)";
        }
        return max() > p.max() ? "max " + max() + " is more than " + p.max() : null;
    }

    @Override
    public String id() {
        return id;
    }

    public int max() {
        return max;
    }

    public CountWindow window() {
        return window;
    }

    public CountScope scope() {
        return scope;
    }

    public Counting counting() {
        return counting;
    }

    public Set<Channel> channels() {
        return channels;
    }

    public Set<String> kinds() {
        return kinds;
    }

    public boolean directConsentExempt() {
        return directConsentExempt;
    }

    @Override
    public Verdict evaluate(ContactContext context, Instant at) {
        ContactRequest r = context.request();
        if (!channelMatches(r.channel()) || !kinds.isEmpty() && !kinds.contains(context.point().kind())) {
            return OK;
        }
        if (directConsentExempt && context.consented(Consent.Purpose.DIRECT_CALLS, at)) {
            return OK;
        }
        if (max == 0) {
            return new Never(id + " allows no contact (max 0)");
        }
        Instant free = null;
        List<ZoneId> zones = window.zoned() ? context.zones() : context.zones().subList(0, 1);
        for (ZoneId zone : zones) {
            List<Instant> releases = new ArrayList<>();
            for (PastContact c : context.history()) {
                if (counted(c, context, at, zone)) {
                    releases.add(window.releases(c.at(), zone));
                }
            }
            if (releases.size() >= max) {
                releases.sort(null);
                Instant slot = releases.get(releases.size() - max);
                if (free == null || slot.isAfter(free)) {
                    free = slot;
                }
            }
        }
        return free == null ? OK : new NotBefore(free, "already " + max + " " + describe() + "; a slot frees at " + free);
    }

    private boolean counted(PastContact c, ContactContext context, Instant at, ZoneId zone) {
        return channelMatches(c.channel())
                && (kinds.isEmpty() || c.pointKind() == null || kinds.contains(c.pointKind()))
                && scope.matches(c, context.request())
                && counting.counts(c)
                && window.covers(c.at(), at, zone)
                && !(directConsentExempt && underDirectConsent(c, context));
    }

    private boolean channelMatches(Channel channel) {
        return channels.isEmpty() || channels.contains(channel);
    }

    private static boolean underDirectConsent(PastContact c, ContactContext context) {
        for (Consent consent : context.consents()) {
            if (consent.covers(Consent.Purpose.DIRECT_CALLS, c.channel(), c.contactPointId(), c.at())) {
                return true;
            }
        }
        return false;
    }

    private String describe() {
        return counting.code() + (channels.isEmpty() ? "" : " " + channels) + (kinds.isEmpty() ? "" : " to " + kinds)
                + " per " + scope.code() + " in " + window;
    }

    @Override
    public String toString() {
        return id + "(max " + max + " " + describe() + ")";
    }
}
