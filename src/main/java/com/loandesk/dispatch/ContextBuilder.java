package com.loandesk.dispatch;

import com.loandesk.rules.CaseFacts;
import com.loandesk.rules.Channel;
import com.loandesk.rules.ContactContext;
import com.loandesk.rules.ContactPointFacts;
import com.loandesk.rules.ContactRequest;
import com.loandesk.rules.PastContact;
import com.loandesk.rules.TemplateFacts;
import com.loandesk.rules.ZoneResolver;
import com.loandesk.store.TaskRow;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Turns a locked task row and the borrower's recent contacts into what the rules read. */
public final class ContextBuilder {

    private final ZoneResolver zones;

    public ContextBuilder(ZoneResolver zones) {
        this.zones = zones;
    }

    public ContactContext build(TaskRow t, List<PastContact> history, Set<String> holds) {
        var request = new ContactRequest(t.taskId(), t.caseId(), t.borrowerId(), t.contactPointId(), t.channel(),
                t.template(), t.notAfter());
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
                t.thirdPartyConsent(), optedOut, invalid, null, null);
        String phone = t.channel() == Channel.EMAIL ? null : t.address();
        // Template flags, consents, call-backs and inconvenient times are not loaded yet (V2 tables):
        // an unknown template is unapproved, so a policy with UNAPPROVED_TEMPLATE blocks until they are.
        return new ContactContext(request, facts, point, TemplateFacts.unknown(t.template()),
                zones.resolve(t.timeZone(), t.addressRegion(), phone), history, holds, List.of(), List.of(), List.of());
    }
}
