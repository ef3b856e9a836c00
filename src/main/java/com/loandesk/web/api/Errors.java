package com.loandesk.web.api;

import com.loandesk.logging.LogText;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every error leaves as JSON: {"error": code, "message": what was wrong} (and "field", naming the input to blame). */
public final class Errors {

    private static final Logger LOG = LoggerFactory.getLogger(Errors.class);

    private Errors() {
    }

    public static void send(RoutingContext ctx, int status, String code, String message) {
        send(ctx, status, new JsonObject().put("error", code).put("message", message));
    }

    /**
     * The one writer of an error answer: {@code body} holds error and message (and field, when one is to blame). The
     * message is in the caller's language ({@link RequestLanguage}); the error code and field stay as the API names them.
     */
    public static void send(RoutingContext ctx, int status, JsonObject body) {
        if (ctx.response().ended()) {
            return;
        }
        spoken(ctx, body, "message");
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json").putHeader("Vary", "Accept-Language")
                .end(body.encode());
    }

    /** Puts {@code body}'s sentence {@code key} (when it has one) in the caller's language. */
    static JsonObject spoken(RoutingContext ctx, JsonObject body, String key) {
        if (body.getValue(key) instanceof String english) {
            body.put(key, RequestLanguage.say(ctx, english));
        }
        return body;
    }

    public static void onFailure(RoutingContext ctx) {
        int status = ctx.statusCode();
        Throwable failure = ctx.failure();
        if (failure instanceof HttpException http) {
            status = http.getStatusCode();
        }
        if (status == 413) {
            send(ctx, 413, "body_too_large", "the request body is larger than this endpoint accepts");
        } else if (status >= 400 && status < 500) {
            send(ctx, status, "bad_request", failure == null ? "bad request" : String.valueOf(failure.getMessage()));
        } else if (failure instanceof IllegalArgumentException bad) {
            send(ctx, 400, "bad_request", bad.getMessage());

        } else {
            LOG.error("request failed path={}", LogText.of(ctx.request().path()), failure);
            send(ctx, 500, "internal", "internal error");
        }
    }
}
