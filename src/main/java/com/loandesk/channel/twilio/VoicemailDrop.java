package com.loandesk.channel.twilio;

import io.vertx.core.Future;

/** Leaves the limited-content voicemail on a call a machine answered ({@link TwilioVoiceChannel#leaveVoicemail}). */
@FunctionalInterface
public interface VoicemailDrop {

    Future<Void> leave(String callSid, String locale);
}
