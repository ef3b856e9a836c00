package com.loandesk.store;

import com.loandesk.rules.Channel;
import java.math.BigDecimal;
import java.util.List;

/**
 * Which cases a wave reaches and how: a segment (each filter null = any), the channel, the approved
 * template, and the contact point kinds to use, in the desk's order (work, mobile, home for calls).
 */
public record WaveSelection(
        Channel channel,
        String template,
        String stage,
        Integer dpdMin,
        Integer dpdMax,
        String product,
        String jurisdiction,
        BigDecimal balanceMin,
        BigDecimal balanceMax,
        String riskGrade,
        int limit) {

    /** The borrower's own numbers in the order the desk tries them; emergency contacts never by a wave. */
    public List<String> pointKinds() {
        return switch (channel) {
            case SMS -> List.of("mobile");
            case VOICE -> List.of("work", "mobile", "home");
            case EMAIL -> List.of("email");
        };
    }
}
