package com.loandesk.channel.twilio;

import io.vertx.core.Future;

/**
 * Changes what a live reminder call says once answering-machine detection has spoken: the limited-content
 * voicemail for a machine ({@link TwilioVoiceChannel#leaveVoicemail}), the identity prompt for a person.
 */
@FunctionalInterface
public interface VoicemailDrop {

    Future<Void> leave(String callSid, String locale);

    /** Replaces the live call's TwiML with {@code twiml} (a person answered); unsupported unless overridden. */
    default Future<Void> greet(String callSid, String twiml) {
        return Future.failedFuture(new UnsupportedOperationException("this voicemail drop cannot update calls"));
    }
}
