package com.loandesk.web.api;

import com.loandesk.web.ApiContract;
import com.loandesk.audit.ChainVerifier;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/admin/history/verify} (admin): recomputes the hash chains of the case history and the access
 * audit, and checks the signed checkpoint files, on a worker of its own (one verification at a time; another
 * asked for meanwhile gets 409). The answer names each chain's first broken link.
 */
public final class ChainApi {

    private static final Logger LOG = LoggerFactory.getLogger(ChainApi.class);

    private final WorkerExecutor worker;
    private final ChainVerifier verifier;
    private final Path checkpointDir;
    private final byte[] key;
    private final AtomicBoolean running = new AtomicBoolean();

    /** {@code worker}: where the (blocking, JDBC) verification runs; {@code checkpointDir} null: no files checked. */
    public ChainApi(WorkerExecutor worker, ChainVerifier verifier, Path checkpointDir, byte[] key) {
        this.worker = worker;
        this.verifier = verifier;
        this.checkpointDir = checkpointDir;
        this.key = key;
    }

    /** Mounts the route behind {@code adminOnly}; call after {@link ApiRoutes#mount}, whose handlers authenticate /api/*. */
    public void mount(Router router, io.vertx.core.Handler<RoutingContext> adminOnly) {
        ApiContract.route(router, "getAdminHistoryVerify").handler(adminOnly).handler(ctx -> Api.json(ctx, 200, this::verify));
    }

    private Future<JsonObject> verify(RoutingContext ctx) {
        if (!running.compareAndSet(false, true)) {
            return Future.failedFuture(ApiException.conflict("a verification is already running; ask again when it has finished"));
        }
        String who = Api.who(ctx).username();
        return worker.executeBlocking(() -> verifier.verify(checkpointDir, key), false)
                .map(v -> {
                    LOG.info("history verified by={} intact={}", who, v.intact());
                    return v.json();
                })
                .onComplete(ar -> running.set(false));
    }
}
