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

    RecordingApi(Recordings recordings, AccessStore access, Pool pool) {
        this.recordings = recordings;
        this.access = access;
        this.pool = pool;
    }

    Future<JsonObject> view(RoutingContext ctx) {
        Principal p = Api.who(ctx);
        String sid = Fields.matching(ctx.pathParam("sid"), "sid", RECORDING_SID, "a recording sid (RE and 32 hex digits)");
        return recordings.find(sid).compose(r -> {
            boolean allowed = p.is(Role.COMPLIANCE) || p.is(Role.ADMIN)
                    || (p.is(Role.COLLECTOR) && p.username().equals(r.assignedCollector()));
            if (!allowed) {
                return Future.failedFuture(ApiException.notFound("no recording " + sid));
            }
            JsonObject detail = new JsonObject().put("callSid", r.callSid()).put("taskId", r.taskId())
                    .put("remote", ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress());
            return access.audit(pool, p, "recording_view", r.caseId(), sid, detail).map(v -> {
                LOG.info("recording viewed recording={} case={} by={}", sid, LogText.of(r.caseRef()), LogText.of(p.username()));
                ctx.response().putHeader("Cache-Control", "no-store");
                return new JsonObject().put("recordingSid", sid).put("callSid", r.callSid()).put("caseRef", r.caseRef())
                        .put("taskId", r.taskId()).put("status", r.status()).put("durationS", r.durationS())
                        .put("url", r.url()).put("reportedAt", r.reportedAt().toString());
            });
        });
    }
}
