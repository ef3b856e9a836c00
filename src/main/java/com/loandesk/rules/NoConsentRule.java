package com.loandesk.rules;

import java.time.Instant;
import java.util.Set;

/**
 * TCPA §227(b)(1)(A)(iii): the dispatcher's calls are autodialed or prerecorded and its texts automated,
 * so a contact through one of {@code channels} to a point of one of {@code kinds} (by default voice and
 * SMS to a mobile) needs the borrower's prior express consent for that number: the point's consent flag
 * or an unexpired {@link Consent.Purpose#AUTOMATED_CONTACT} consent.
 */
public final class NoConsentRule implements Rule {

    public static final String ID = "NO_CONSENT";

    private final Set<Channel> channels;
    private final Set<String> kinds;

    public NoConsentRule(Set<Channel> channels, Set<String> kinds) {
        this.channels = Set.copyOf(channels);
        this.kinds = Set.copyOf(kinds);
    }

    public Set<Channel> channels() {
        return channels;
    }

    public Set<String> kinds() {
        return kinds;
    }

    public static NoConsentRule tcpa() {
        return new NoConsentRule(Set.of(Channel.VOICE, Channel.SMS), Set.of("mobile"));
    }

    /** {@inheritDoc} */
    @Override
    public String looserThan(Rule parent) {
        NoConsentRule p = (NoConsentRule) parent;
        return channels().containsAll(p.channels()) && kinds().containsAll(p.kinds())
                ? null : "requires consent for fewer channels or kinds";
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Verdict evaluate(ContactContext context, Instant at) {
        Channel channel = context.request().channel();
        ContactPointFacts point = context.point();
        if (!channels.contains(channel) || !kinds.contains(point.kind())) {
            return OK;
        }
        boolean flag = channel == Channel.SMS ? point.smsConsent() : channel == Channel.VOICE && point.voiceConsent();
        if (flag || context.consented(Consent.Purpose.AUTOMATED_CONTACT, at)) {
            return OK;
        }
        return new Never("no prior express consent to automated " + channel.code() + " to this " + point.kind());
    }
}
