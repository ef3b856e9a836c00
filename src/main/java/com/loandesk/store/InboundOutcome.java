package com.loandesk.store;

import com.loandesk.inbound.ReplyKeywords;

/**
 * What became of an inbound SMS.
 *
 * @param fresh         false when this message sid was already recorded (a replay): nothing changed
 * @param contactPoints how many contact points have the sender's number
 */
public record InboundOutcome(boolean fresh, ReplyKeywords.Reply reply, int contactPoints) {
}
