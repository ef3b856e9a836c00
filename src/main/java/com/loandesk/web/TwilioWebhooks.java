package com.loandesk.web;

import com.loandesk.web.api.Errors;
import com.loandesk.logging.LogText;
import com.loandesk.channel.twilio.RecordingLinks;
import com.loandesk.channel.twilio.TwilioSettings;
import com.loandesk.channel.twilio.TwilioVoiceChannel;
import com.loandesk.channel.twilio.VoiceScriptStore;
import com.loandesk.channel.twilio.VoiceScripts;
import com.loandesk.channel.twilio.VoicemailDrop;
import com.loandesk.inbound.ReplyKeywords;
import com.loandesk.store.InboundSms;
import com.loandesk.store.ProviderEvent;
import com.loandesk.store.ProviderEvents;
import com.loandesk.store.StatusRank;
import com.twilio.security.RequestValidator;
import com.twilio.twiml.MessagingResponse;
import com.twilio.twiml.messaging.Body;
import com.twilio.twiml.messaging.Message;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Twilio's callbacks into this service, under {@code /webhooks/twilio}: message, call and recording
 * status, the asynchronous answering-machine result, key presses, and inbound SMS.
 * <p>
 * Every request must carry a valid {@code X-Twilio-Signature}, checked against
 * {@code PUBLIC_BASE_URL} + the request's path and query (never the Host header, which a proxy or an
 * attacker controls); a missing or forged one gets 403 and nothing is recorded. Bodies over 64 KiB get
 * 413. A signed request with missing or malformed fields gets 400, also without a trace.
 */
public final class TwilioWebhooks {

    private static final Logger LOG = LoggerFactory.getLogger(TwilioWebhooks.class);
    public static final String PREFIX = "/webhooks/twilio";
    public static final int BODY_LIMIT = 64 * 1024;
    /** Twilio's AnsweredBy values; anything else is refused before it reaches the history. */
    private static final Pattern ANSWERED_BY =
            Pattern.compile("human|machine_start|machine_end_beep|machine_end_silence|machine_end_other|fax|unknown");

    private static final Pattern MESSAGE_SID = Pattern.compile("(SM|MM)[0-9a-fA-F]{32}");
    private static final Pattern CALL_SID = Pattern.compile("CA[0-9a-fA-F]{32}");
    private static final Pattern RECORDING_SID = Pattern.compile("RE[0-9a-fA-F]{32}");
    private static final Pattern DIGITS = Pattern.compile("[0-9*#]{0,16}");
    private static final Pattern E164ISH = Pattern.compile("\\+?[0-9A-Za-z:@._-]{3,64}");

    private final TwilioSettings settings;
    private final RecordingLinks recordingLinks;
    private final RequestValidator validator;
    private final ProviderEvents events;
    private final VoicemailDrop voicemail;
    private final VoiceScripts scripts;
    private final VoiceScriptStore scriptStore;
    private final Clock clock;

    /** As below, reading the reminders from the voice channel's own store (null store unless it is one). */
    public TwilioWebhooks(TwilioSettings settings, ProviderEvents events, VoicemailDrop voicemail, Clock clock) {
        this(settings, events, voicemail, voicemail instanceof TwilioVoiceChannel v ? v.scriptStore() : null, clock);
    }

    /**
     * @param voicemail   changes a live call once detection has spoken: the limited-content voicemail for a
     *                    machine, the identity prompt for a person; null: do nothing (the call stays silent
     *                    and ends: wire the voice channel here)
     * @param scriptStore where the reminder waits for the borrower's keypress; null: a confirmed borrower is
     *                    asked to call back
     */
    public TwilioWebhooks(TwilioSettings settings, ProviderEvents events, VoicemailDrop voicemail, VoiceScriptStore scriptStore,
                          Clock clock) {
        this.settings = settings;
        this.recordingLinks = RecordingLinks.of(settings);
        this.validator = new RequestValidator(settings.authToken());
        this.events = events;
        this.voicemail = voicemail;
        this.scripts = new VoiceScripts(settings);
        this.scriptStore = scriptStore;
        this.clock = clock;
    }

    /** A router holding only the webhook routes, with JSON errors. */
    public Router router(Vertx vertx) {
        Router router = Router.router(vertx);
        mount(router);
        router.route(PREFIX + "/*").last().handler(ctx -> Errors.send(ctx, 404, "not_found", "no route " + ctx.request().path()));
        return router;
    }

    /** Adds the webhook routes (with their own 64 KiB body limit and failure handler) to {@code router}. */
    public void mount(Router router) {
        router.post(PREFIX + "/*").handler(BodyHandler.create().setBodyLimit(BODY_LIMIT).setHandleFileUploads(false))
                .handler(this::verifySignature)
                .failureHandler(Errors::onFailure);
        router.post(PREFIX + "/message-status").handler(ctx -> handle(ctx, this::messageStatus));
        router.post(PREFIX + "/call-status").handler(ctx -> handle(ctx, this::callStatus));
        router.post(PREFIX + "/recording-status").handler(ctx -> handle(ctx, this::recordingStatus));
        router.post(PREFIX + "/amd").handler(ctx -> handle(ctx, this::answeredBy));
        router.post(PREFIX + "/gather").handler(ctx -> handle(ctx, this::gather));
        router.post(PREFIX + "/inbound-sms").handler(ctx -> handle(ctx, this::inboundSms));
    }

    private void verifySignature(RoutingContext ctx) {
        String signature = ctx.request().getHeader("X-Twilio-Signature");
        String url = settings.publicBaseUrl() + ctx.request().uri();
        Map<String, String> params = new HashMap<>();
        MultiMap form = ctx.request().formAttributes();
        for (String name : form.names()) {
            params.put(name, form.get(name));
        }
        if (signature == null || signature.isBlank() || !validator.validate(url, params, signature)) {
            LOG.warn("webhook signature rejected path={} present={}", LogText.of(ctx.request().path()), signature != null);
            Errors.send(ctx, 403, "forbidden", "missing or invalid X-Twilio-Signature");
            return;
        }
        for (Map.Entry<String, String> p : params.entrySet()) {
            // PostgreSQL text cannot hold a NUL: refuse it here rather than fail recording the event (a 500)
            if (p.getValue() != null && p.getValue().indexOf('\0') >= 0) {
                LOG.warn("webhook malformed path={} reason=NUL in {}", LogText.of(ctx.request().path()), LogText.of(p.getKey()));
                Errors.send(ctx, 400, "bad_request", p.getKey() + " must not contain a NUL character");
                return;
            }
        }
        ctx.next();
    }

    /** What a handler answers: a status and an optional TwiML body. */
    private record Answer(int status, String twiml) {
        static final Answer NO_CONTENT = new Answer(204, null);
    }

    private void handle(RoutingContext ctx, Function<RoutingContext, Future<Answer>> handler) {
        Future<Answer> answer;
        try {
            answer = handler.apply(ctx);
        } catch (BadCallback e) {
            LOG.warn("webhook malformed path={} reason={}", LogText.of(ctx.request().path()), LogText.of(e.getMessage()));
            Errors.send(ctx, 400, "bad_request", e.getMessage());
            return;
        }
        answer.onSuccess(a -> {
            if (a.twiml() == null) {
                ctx.response().setStatusCode(a.status()).end();
            } else {
                ctx.response().setStatusCode(a.status()).putHeader("Content-Type", "text/xml; charset=utf-8").end(a.twiml());
            }
        }).onFailure(e -> {
            LOG.error("webhook failed path={} error={}", LogText.of(ctx.request().path()), LogText.of(e.toString()));
            Errors.send(ctx, 500, "internal", "could not record the event");
        });
    }

    private Future<Answer> messageStatus(RoutingContext ctx) {
        MultiMap f = ctx.request().formAttributes();
        String sid = required(f, "MessageSid", f.get("SmsSid"), MESSAGE_SID);
        String status = required(f, "MessageStatus", f.get("SmsStatus"), null);
        if (StatusRank.ofMessage(status) < 0) {
            throw new BadCallback("unknown MessageStatus '" + status + "'");
        }
        return events.record(List.of(ProviderEvent.messageStatus(sid, status, f.get("ErrorCode"), now())))
                .map(Answer.NO_CONTENT);
    }

    private Future<Answer> callStatus(RoutingContext ctx) {
        MultiMap f = ctx.request().formAttributes();
        String sid = required(f, "CallSid", null, CALL_SID);
        String status = required(f, "CallStatus", null, null);
        if (StatusRank.ofCall(status) < 0) {
            throw new BadCallback("unknown CallStatus '" + status + "'");
        }
        Integer duration = optionalInt(f, "CallDuration");
        String parent = f.get("ParentCallSid");
        if (parent != null && !parent.isBlank()) {
            // the borrower's leg of a collector's bridged call: kept on the parent call, which is the task's
            String parentSid = required(f, "ParentCallSid", null, CALL_SID);
            return events.record(List.of(ProviderEvent.borrowerLeg(parentSid, sid, status, duration, now())))
                    .map(Answer.NO_CONTENT);
        }
        return events.record(List.of(ProviderEvent.callStatus(sid, status, duration, f.get("AnsweredBy"), now())))
                .map(Answer.NO_CONTENT);
    }

    private Future<Answer> recordingStatus(RoutingContext ctx) {
        MultiMap f = ctx.request().formAttributes();
        String callSid = required(f, "CallSid", null, CALL_SID);
        String recordingSid = required(f, "RecordingSid", null, RECORDING_SID);
        String status = required(f, "RecordingStatus", null, null);
        String url = f.get("RecordingUrl");
        if (url != null && !recordingLinks.accepts(url)) {
            // the event is kept (the recording exists), but a link that is not the account's own on the API host is never shown
            LOG.warn("recording url refused, stored without a link recording={} url={}", recordingSid, LogText.of(url));
            url = null;
        }
        return events.record(List.of(ProviderEvent.recording(callSid, recordingSid, status, url,
                optionalInt(f, "RecordingDuration"), now()))).map(Answer.NO_CONTENT);
    }

    private Future<Answer> answeredBy(RoutingContext ctx) {
        MultiMap f = ctx.request().formAttributes();
        String callSid = required(f, "CallSid", null, CALL_SID);
        String answeredBy = required(f, "AnsweredBy", null, ANSWERED_BY);
        String lang = lang(ctx);
        long task = queryLong(ctx, "task", 0);
        int attempt = (int) queryLong(ctx, "attempt", 1);
        // the call's own TwiML is silence: only this verdict decides what is said. A person hears who is
        // calling for whom (no debt content); a machine, or an answer detection could not name, gets the
        // limited-content voicemail. The first verdict that changes the call is acted on, once per call: its own
        // event is the claim, so a replayed verdict (even with a new idempotency token) or a contradicting one
        // never greets twice, restarts the script or leaves a voicemail over a person
        boolean acts = "human".equals(answeredBy) || answeredBy.startsWith("machine_end") || "unknown".equals(answeredBy);
        return events.record(List.of(ProviderEvent.answeredBy(callSid, answeredBy, token(ctx), now())))
                .compose(fresh -> {
                    if (fresh == 0 || voicemail == null || !acts) {
                        return Future.succeededFuture(0);
                    }
                    return events.record(List.of(ProviderEvent.amdVerdict(callSid, answeredBy, now())));
                })
                .compose(claimed -> {
                    if (claimed == 0) {
                        return Future.<Void>succeededFuture();
                    }
                    if ("human".equals(answeredBy)) {
                        return script(task, attempt)
                                .compose(s -> voicemail.greet(callSid, scripts.identity(task, attempt, lang,
                                        s == null ? null : s.addressee(), s == null ? null : s.caller())))
                                .recover(e -> Future.succeededFuture());
                    }
                    return events.record(List.of(ProviderEvent.voicemailDrop(callSid, answeredBy, now())))
                            .compose(dropped -> dropped > 0
                                    ? voicemail.leave(callSid, lang).recover(e -> Future.succeededFuture())
                                    : Future.<Void>succeededFuture());
                })
                .map(Answer.NO_CONTENT);
    }

    private Future<Answer> gather(RoutingContext ctx) {
        MultiMap f = ctx.request().formAttributes();
        String callSid = required(f, "CallSid", null, CALL_SID);
        String digits = f.get("Digits") == null ? "" : f.get("Digits").trim();
        if (!DIGITS.matcher(digits).matches()) {
            throw new BadCallback("Digits must be at most 16 of 0-9, * and #");
        }
        String lang = lang(ctx);
        String step = ctx.queryParams().get("step");
        long task = queryLong(ctx, "task", 0);
        int attempt = (int) queryLong(ctx, "attempt", 1);
        Future<Integer> recorded = events.record(List.of(ProviderEvent.gather(callSid, digits, token(ctx), now())));
        if (VoiceScripts.STEP_IDENTITY.equals(step)) {
            // the reminder is read from the store only now, after the person said they are the borrower
            return recorded.compose(n -> "1".equals(digits) ? script(task, attempt) : Future.<VoiceScriptStore.Script>succeededFuture())
                    .map(s -> new Answer(200, scripts.afterIdentity(digits, task, attempt, lang, s)));
        }
        return recorded.map(n -> new Answer(200, scripts.afterGather(digits, lang)));
    }

    private Future<VoiceScriptStore.Script> script(long task, int attempt) {
        return scriptStore == null || task <= 0 ? Future.succeededFuture() : scriptStore.find(task, attempt);
    }

    private static String lang(RoutingContext ctx) {
        String lang = ctx.queryParams().get("lang");
        return lang == null || !lang.matches("[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8}){0,3}") ? "en" : lang;
    }

    private static long queryLong(RoutingContext ctx, String name, long fallback) {
        String v = ctx.queryParams().get(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n < 0) {
                throw new BadCallback(name + " must not be negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new BadCallback(name + " must be a whole number");
        }
    }

    private Future<Answer> inboundSms(RoutingContext ctx) {
        MultiMap f = ctx.request().formAttributes();
        String sid = required(f, "MessageSid", f.get("SmsSid"), MESSAGE_SID);
        String from = required(f, "From", null, E164ISH);
        String body = f.get("Body") == null ? "" : f.get("Body");
        String optOutType = f.get("OptOutType");
        if (optOutType != null && (optOutType.length() > 16 || !optOutType.strip().matches("[A-Za-z]*"))) {
            throw new BadCallback("OptOutType is malformed");
        }
        InboundSms sms = new InboundSms(sid, from, f.get("To"), body, optOutType == null || optOutType.isBlank() ? null : optOutType.strip(), now());
        return events.inbound(sms).map(outcome -> {
            LOG.info("inbound sms fromEnd={} intent={} fresh={} contactPoints={}", last4(from), outcome.reply().intent(),
                    outcome.fresh(), outcome.contactPoints());
            MessagingResponse.Builder r = new MessagingResponse.Builder();
            // with Advanced Opt-Out on, Twilio has answered HELP itself: one answer, never two
            if (outcome.reply().intent() == ReplyKeywords.Intent.HELP && !sms.answeredByTwilio()) {
                r.message(new Message.Builder().body(new Body.Builder(settings.helpText()).build()).build());
            }
            return new Answer(200, r.build().toXml());
        });
    }

    private Instant now() {
        return clock.instant();
    }

    private static String token(RoutingContext ctx) {
        return ctx.request().getHeader("I-Twilio-Idempotency-Token");
    }

    private static String required(MultiMap f, String name, String fallback, Pattern shape) {
        String v = f.get(name);
        if (v == null || v.isBlank()) {
            v = fallback;
        }
        if (v == null || v.isBlank()) {
            throw new BadCallback(name + " is required");
        }
        v = v.trim();
        if (v.length() > 256 || (shape != null && !shape.matcher(v).matches())) {
            throw new BadCallback(name + " is malformed");
        }
        return v;
    }

    private static Integer optionalInt(MultiMap f, String name) {
        String v = f.get(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 0) {
                throw new BadCallback(name + " must not be negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new BadCallback(name + " must be a whole number");
        }
    }

    private static String last4(String s) {
        return s == null || s.length() <= 4 ? "****" : s.substring(s.length() - 4);
    }

    /** A signed callback whose fields make no sense. */
    private static final class BadCallback extends IllegalArgumentException {
        BadCallback(String message) {
            super(message);
        }
    }
}
