package com.loandesk.web.api;

import io.vertx.core.json.JsonObject;

/**
 * An answer other than success, as data: status, error code, the offending field (for 400s) and a
 * message safe to show the caller. Thrown or failed with by handlers and validators; rendered by
 * {@link Api#failure}.
 */
public final class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final String field;

    private ApiException(int status, String code, String field, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    public static ApiException badRequest(String field, String message) {
        return new ApiException(400, "bad_request", field, message);
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(401, "unauthorized", null, message);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, "forbidden", null, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "not_found", null, message);
    }

    public static ApiException tooLarge(String message) {
        return new ApiException(413, "body_too_large", null, message);
    }

    public static ApiException tooManyRequests(String message) {
        return new ApiException(429, "too_many_requests", null, message);
    }

    public static ApiException unavailable(String message) {
        return new ApiException(503, "unavailable", null, message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, "conflict", null, message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }

    public JsonObject toJson() {
        JsonObject json = new JsonObject().put("error", code);
        if (field != null) {
            json.put("field", field);
        }
        return json.put("message", getMessage());
    }
}
