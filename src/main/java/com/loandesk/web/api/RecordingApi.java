package com.loandesk.web.api;

import com.loandesk.logging.LogText;
import com.loandesk.auth.AccessStore;
import com.loandesk.auth.Principal;
import com.loandesk.auth.Role;
import com.loandesk.store.Recordings;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GET /api/recordings/{sid}: where a call recording is kept. Compliance and admin may open any recording, a
 * collector those of calls on the cases assigned to them (others answer 404, as cases do). Every answer is
 * preceded by an access_audit row (action recording_view: who, when, which recording of which case).
 */
final class RecordingApi {

    private static final Logger LOG = LoggerFactory.getLogger(RecordingApi.class);
    static final Pattern RECORDING_SID = Pattern.compile("RE[0-9a-fA-F]{32}");

    private final Recordings recordings;
    private final AccessStore access;
    private final Pool pool;
    private final com.loandesk.channel.twilio.RecordingAudio audio;

    /** {@code audio} null: no Twilio account, so no recording can be played (503). */
    RecordingApi(Recordings recordings, AccessStore access, Pool pool, com.loandesk.channel.twilio.RecordingAudio audio) {
        this.recordings = recordings;
        this.access = access;
        this.pool = pool;
        this.audio = audio;
    }

    /** The recording {@code sid} if the caller may open it (404 otherwise, as for a case). */
    private Future<Recordings.Recording> mayOpen(RoutingContext ctx) {
        Principal p = Api.who(ctx);
        String sid = Fields.matching(ctx.pathParam("sid"), "sid", RECORDING_SID, "a recording sid (RE and 32 hex digits)");
        return recordings.find(sid).compose(r -> {
            boolean allowed = p.is(Role.COMPLIANCE) || p.is(Role.ADMIN)
                    || (p.is(Role.COLLECTOR) && p.username().equals(r.assignedCollector()));
            return allowed ? Future.succeededFuture(r) : Future.failedFuture(ApiException.notFound("no recording " + sid));
        });
    }

    /** Writes the access_audit row of opening {@code r} ({@code action}: recording_view or recording_play). */
    private Future<Recordings.Recording> audited(RoutingContext ctx, Recordings.Recording r, String action, JsonObject extra) {
        Principal p = Api.who(ctx);
        JsonObject detail = new JsonObject().put("callSid", r.callSid()).put("taskId", r.taskId())
                .put("remote", ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress())
                .mergeIn(extra);
        return access.audit(pool, p, action, r.caseId(), r.recordingSid(), detail).map(v -> {
            LOG.info("recording opened action={} recording={} case={} by={}", action, r.recordingSid(), LogText.of(r.caseRef()),
                    LogText.of(p.username()));
            return r;
        });
    }

    /**
     * GET /api/recordings/{sid}/audio: the recording itself, streamed from Twilio with the account's credentials (a
     * browser cannot open Twilio's link: it needs them), after an access_audit row (recording_play, with the range
     * asked for). 502 when Twilio does not give it; 503 without a Twilio account.
     */
    void audio(RoutingContext ctx) {
        String range = ctx.request().getHeader("Range");
        Future<Recordings.Recording> found;
        try {
            found = mayOpen(ctx).compose(r -> audio == null
                    ? Future.failedFuture(ApiException.unavailable("recordings cannot be played: no Twilio account is configured"))
                    : audited(ctx, r, "recording_play", new JsonObject().put("range", range)));
        } catch (RuntimeException e) {
            Api.fail(ctx, e);
            return;
        }
        found.compose(r -> {
            ctx.response().putHeader("Cache-Control", "no-store");
            return audio.streamTo(r.url(), range, ctx.response());
        }).onFailure(e -> {
            if (ctx.response().headWritten()) {
                ctx.response().reset();   // the stream broke midway: the player sees it end, never a JSON error inside audio
            } else if (e instanceof com.loandesk.channel.twilio.RecordingAudio.Unavailable u) {
                Errors.send(ctx, 502, "recording_unavailable", u.getMessage());
            } else {
                Api.fail(ctx, e);
            }
        });
    }

    /** GET /api/recordings/{sid}: the recording's facts (its Twilio link included), after an access_audit row (recording_view). */
    Future<JsonObject> view(RoutingContext ctx) {
        return mayOpen(ctx).compose(r -> audited(ctx, r, "recording_view", new JsonObject())).map(r -> {
            ctx.response().putHeader("Cache-Control", "no-store");
            return new JsonObject().put("recordingSid", r.recordingSid()).put("callSid", r.callSid()).put("caseRef", r.caseRef())
                    .put("taskId", r.taskId()).put("status", r.status()).put("durationS", r.durationS())
                    .put("url", r.url()).put("reportedAt", r.reportedAt().toString()).put("audio", "/api/recordings/" + r.recordingSid() + "/audio");
        });
    }
}
