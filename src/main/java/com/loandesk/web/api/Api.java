package com.loandesk.web.api;

import com.loandesk.logging.LogText;
import com.loandesk.auth.Authn;
import com.loandesk.auth.Principal;
import com.loandesk.store.Conflict;
import com.loandesk.store.Missing;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How API handlers answer: JSON on success, {@link ApiException} as JSON, anything else a logged 500. */
final class Api {

    private static final Logger LOG = LoggerFactory.getLogger(Api.class);

    private Api() {
    }

    /** Runs {@code handler} and sends its JSON with {@code status}; failures (thrown or async) go to {@link #failure}. */
    static void json(RoutingContext ctx, int status, Function<RoutingContext, Future<JsonObject>> handler) {
        Future<JsonObject> result;
        try {
            result = handler.apply(ctx);
        } catch (RuntimeException e) {
            fail(ctx, e);
            return;
        }
        result.onSuccess(json -> {
            if (!ctx.response().ended()) {
                ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(json.encode());
            }
        }).onFailure(e -> fail(ctx, e));
    }

    static Principal who(RoutingContext ctx) {
        return Authn.principal(ctx);
    }

    static void fail(RoutingContext ctx, Throwable e) {
        if (ctx.response().ended()) {
            return;
        }
        send(ctx, e, ctx.request().path());
    }

    /** The failure handler of every /api route. */
    static void failure(RoutingContext ctx) {
        Throwable e = ctx.failure();
        if (e == null || e instanceof HttpException) {
            int status = e instanceof HttpException h ? h.getStatusCode() : ctx.statusCode();
            if (status == 413) {
                error(ctx, 413, new JsonObject().put("error", "body_too_large").put("message", "the request body is larger than 1 MiB"));
            } else if (status >= 400 && status < 500) {
                error(ctx, status, new JsonObject().put("error", "bad_request").put("message", "bad request"));
            } else {
                LOG.error("api request failed path={} status={}", LogText.of(ctx.request().path()), status, e);
                error(ctx, 500, new JsonObject().put("error", "internal").put("message", "internal error"));
            }
            return;
        }
        send(ctx, e, ctx.request().path());
    }

    private static void send(RoutingContext ctx, Throwable e, String path) {
        if (e instanceof ApiException api) {
            error(ctx, api.status(), api.toJson());
        } else if (e instanceof Missing missing) {
            error(ctx, 404, new JsonObject().put("error", "not_found").put("message", missing.getMessage()));
        } else if (e instanceof com.loandesk.store.NotPermitted denied) {
            error(ctx, 403, new JsonObject().put("error", "forbidden").put("message", denied.getMessage()));
        } else if (e instanceof Conflict conflict) {
            error(ctx, 409, new JsonObject().put("error", "conflict").put("message", conflict.getMessage()));
        } else if (e instanceof com.loandesk.auth.HashingPool.Full) {
            // every password slot taken (a login flood): a user's creation or password reset is refused at once, unchanged
            ctx.response().putHeader("Retry-After", "1");
            error(ctx, 503, new JsonObject().put("error", "busy").put("message", "too many password checks under way; try again in 1 s"));
        } else {
            LOG.error("api request failed path={} error={}", LogText.of(path), LogText.of(e.toString()), e);
            error(ctx, 500, new JsonObject().put("error", "internal").put("message", "internal error"));
        }
    }

    private static void error(RoutingContext ctx, int status, JsonObject body) {
        Errors.send(ctx, status, body);
    }
}
