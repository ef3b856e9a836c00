package com.loandesk.dispatch;

import com.loandesk.rules.CallbackRequest;
import com.loandesk.rules.CaseFacts;
import com.loandesk.rules.Channel;
import com.loandesk.rules.ContactContext;
import com.loandesk.rules.ContactPointFacts;
import com.loandesk.rules.ContactRequest;
import com.loandesk.rules.Consent;
import com.loandesk.rules.InconvenientTime;
import com.loandesk.rules.LocalWindow;
import com.loandesk.rules.PastContact;
import com.loandesk.rules.RndCheck;
import com.loandesk.rules.RndResult;
import com.loandesk.rules.ZoneResolver;
import com.loandesk.store.TaskRow;
import com.loandesk.templates.ApprovedTemplates;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Turns a locked task row and the borrower's recent contacts into what the rules read. */
public final class ContextBuilder {

    private final ZoneResolver zones;
    private final ApprovedTemplates templates;

    public ContextBuilder(ZoneResolver zones, ApprovedTemplates templates) {
        this.zones = zones;
        this.templates = templates;
    }

    public ApprovedTemplates templates() {
        return templates;
    }

    public ContactContext build(TaskRow t, List<PastContact> history, Set<String> holds, List<Consent> consents,
                                List<CallbackRequest> callbacks, List<InconvenientTime> inconvenientTimes) {
        LocalWindow window = t.windowStart() != null && t.windowEnd() != null && t.windowStart().isBefore(t.windowEnd())
                ? new LocalWindow(t.windowStart(), t.windowEnd()) : null;
        var request = new ContactRequest(t.taskId(), t.caseId(), t.borrowerId(), t.contactPointId(), t.channel(),
                t.template(), t.notAfter(), window);
        var facts = new CaseFacts(t.caseStatus(), t.stage(), t.amountOverdue(), t.daysPastDue(), t.solExpired(),
                t.jurisdiction());
        EnumSet<Channel> optedOut = EnumSet.noneOf(Channel.class);
        if (t.smsOptedOut()) {
            optedOut.add(Channel.SMS);
        }
        if (t.voiceOptedOut()) {
            optedOut.add(Channel.VOICE);
        }
        if (t.emailOptedOut()) {
            optedOut.add(Channel.EMAIL);
        }
        EnumSet<Channel> invalid = EnumSet.noneOf(Channel.class);
        for (String code : t.invalidChannels()) {
            invalid.add(Channel.of(code));
        }
        var point = new ContactPointFacts(t.pointKind(), t.role(), t.address(), t.smsConsent(), t.voiceConsent(),
                t.thirdPartyConsent(), optedOut, invalid, t.lastInboundTextAt(), t.consentEvidenceAt(),
                t.rndCheckedAt() == null || t.rndResult() == null ? null
                        : new RndCheck(t.rndCheckedAt(), RndResult.of(t.rndResult())));
        String phone = t.channel() == Channel.EMAIL ? null : t.address();
        return new ContactContext(request, facts, point, templates.facts(t.template(), t.channel(), t.locale()),
                zones.locate(t.timeZone(), t.addressRegion(), t.postalCode(), phone), history, holds, consents, callbacks,
                inconvenientTimes);
    }
}
