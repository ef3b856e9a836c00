package com.loandesk.web.api;

import com.loandesk.web.ApiContract;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaValidationException;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.Style;
import io.vertx.openapi.validation.ValidationContext;
import io.vertx.openapi.validation.transformer.FormTransformer;
import io.vertx.openapi.validation.transformer.LabelTransformer;
import io.vertx.openapi.validation.transformer.MatrixTransformer;
import io.vertx.openapi.validation.transformer.ParameterTransformer;
import io.vertx.openapi.validation.transformer.SimpleTransformer;
import io.vertx.json.schema.common.dsl.SchemaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorErrorType;
import io.vertx.openapi.validation.ValidatorException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.WeakHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Each request checked against its operation in {@code openapi.yaml} before the operation's handler runs: its path and
 * query parameters and its JSON body, against the document's schemas with Vert.x's OpenAPI contract, parameter
 * transformers and JSON Schema validator (types, required fields, lengths, bounds, enumerations, formats and patterns,
 * and fields the document does not name: every JSON body's objects are closed). A request the document refuses is a
 * 400 naming the field, in the API's own sentences ({@link #refusal}), so it reads (and is translated) like the
 * handlers' refusals. What a schema cannot say stays with the handlers: a string stripped of blanks, a NUL character,
 * a time zone the JVM knows, fields that go together, and what the database knows.
 * <p>
 * Requests are taken as the router decoded them: Vert.x's own extraction (5.0.8) decodes query and path values a second
 * time ({@code +} becomes a space, a lone {@code %} fails), which would refuse real values such as a phone number in
 * E.164. A body that is missing or is not JSON is left to the handler (its answer names the body). Checks run on the
 * event loop (each schema's validator made once); a body over {@value #CHECKED_IN_PLACE} bytes is checked on a worker.
 */
final class ContractCheck {

    private static final Pattern PARAMETER = Pattern.compile("(?:query|path|header|cookie) parameter (\\S+?)\\.?(?: |$)");
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");
    private static final Pattern BOUND = Pattern.compile("([0-9.]+)\\)?$");
    private static final Map<Vertx, Future<OpenAPIContract>> PARSING = new WeakHashMap<>();
    private static OpenAPIContract contract;

    private ContractCheck() {
    }

    /** Bodies up to this size are checked on the event loop (microseconds); bigger ones on a worker thread. */
    static final int CHECKED_IN_PLACE = 64 * 1024;

    /** The check of operation {@code operationId}, to put before its handler (after authentication and the role). */
    static Handler<RoutingContext> of(String operationId) {
        ApiContract.get().operation(operationId);
        return ctx -> contract(ctx.vertx()).onComplete(ar -> {
            if (ar.failed()) {
                Api.fail(ctx, ar.cause());
                return;
            }
            OpenAPIContract contract = ar.result();
            Operation op = contract.operation(operationId);
            Sent sent = sent(ctx, op);
            if (sent == null) {
                ctx.next();
                return;
            }
            if (sent.bodyBytes() <= CHECKED_IN_PLACE) {
                answer(ctx, check(contract, op, sent));
                return;
            }
            ctx.vertx().executeBlocking(() -> check(contract, op, sent), false).onComplete(checked -> {
                if (checked.failed()) {
                    Api.fail(ctx, checked.cause());
                } else {
                    answer(ctx, checked.result());
                }
            });
        });
    }

    private static void answer(RoutingContext ctx, ApiException refused) {
        if (refused == null) {
            ctx.next();
        } else {
            Api.fail(ctx, refused);
        }
    }

    /**
     * What a request sent, as the router decoded it: each of the operation's parameters in its order (null: not sent;
     * a string parameter as a JSON string, see {@link #sent}), and the JSON body decoded with its size (0: no body; a
     * body of {@code null} is checked too).
     */
    private record Sent(List<String> parameters, Object body, int bodyBytes) {
    }

    /**
     * {@code sent} checked against {@code op}, as Vert.x's validator checks it (each parameter as its style reads it,
     * then the JSON body, against their schemas), in the calling thread: null when the document allows it, else the
     * refusal. Each schema's validator is made once and kept: the validator's own entry points make one per value
     * (copying the document's whole lookup table each time) and hand each request to a worker thread, one at a time
     * per event loop, which tripled a click's latency under 200 collectors.
     */
    private static ApiException check(OpenAPIContract contract, Operation op, Sent sent) {
        try {
            List<Parameter> params = op.getParameters();
            for (int i = 0; i < params.size(); i++) {
                checkParameter(contract, op, params.get(i), sent.parameters().get(i));
            }
            if (sent.bodyBytes() > 0) {
                OutputUnit result = validatorOf(contract, op.getOperationId() + " body",
                        op.getRequestBody().getContent().get("application/json").getSchema()).validate(sent.body());
                try {
                    result.checkValidity();
                } catch (JsonSchemaValidationException e) {
                    throw SchemaValidationException.createInvalidValueBody(result, ValidationContext.REQUEST, e);
                }
            }
            return null;
        } catch (ValidatorException e) {
            return refusal(e, op);
        }
    }

    private static void checkParameter(OpenAPIContract contract, Operation op, Parameter p, String value) {
        if (value == null) {
            if (p.isRequired()) {
                throw ValidatorException.createMissingRequiredParameter(p);
            }
            return;
        }
        ParameterTransformer transformer = TRANSFORMERS.get(p.getStyle());
        if (transformer == null) {
            throw ValidatorException.createUnsupportedValueFormat(p);
        }
        OutputUnit result = validatorOf(contract, op.getOperationId() + " " + p.getIn() + " " + p.getName(), p.getSchema())
                .validate(transformer.transform(p, value));
        try {
            result.checkValidity();
        } catch (JsonSchemaValidationException e) {
            throw SchemaValidationException.createErrorFromOutputUnitType(p, result, e);
        }
    }

    /** The parameter styles the API's document uses, read as Vert.x's validator reads them. */
    private static final Map<Style, ParameterTransformer> TRANSFORMERS = Map.of(Style.SIMPLE, new SimpleTransformer(),
            Style.LABEL, new LabelTransformer(), Style.MATRIX, new MatrixTransformer(), Style.FORM, new FormTransformer());
    private static final Map<String, Validator> SCHEMA_VALIDATORS = new java.util.concurrent.ConcurrentHashMap<>();

    private static Validator validatorOf(OpenAPIContract contract, String key, JsonSchema schema) {
        return SCHEMA_VALIDATORS.computeIfAbsent(key, k -> contract.getSchemaRepository().validator(schema));
    }

    /**
     * Parses the contract now (the service's start waits for it): its parse builds every operation's objects on an
     * event loop, 50 to 120 ms on a fresh JVM, which the first request would otherwise wait for and stall its loop.
     */
    static Future<Void> load(Vertx vertx) {
        return contract(vertx).mapEmpty();
    }

    /**
     * The contract, parsed once per process by the first Vert.x instance to ask (the parse is asynchronous); its value
     * (not that instance's future, whose callbacks run on its event loops) serves every later one.
     */
    private static synchronized Future<OpenAPIContract> contract(Vertx vertx) {
        if (contract != null) {
            return Future.succeededFuture(contract);
        }
        Future<OpenAPIContract> parsing = PARSING.get(vertx);
        if (parsing == null || parsing.failed()) {
            parsing = OpenAPIContract.from(vertx, ApiContract.get().forVertx()).onSuccess(ContractCheck::parsed);
            PARSING.put(vertx, parsing);
        }
        return parsing;
    }

    private static synchronized void parsed(OpenAPIContract c) {
        if (contract == null) {
            contract = c;
        }
    }

    /**
     * What the request sent, as the router decoded it; null when its body is to be left to the handler (missing, or
     * not JSON: the handler's answer names the body and its type). The validator reads a parameter as JSON unless it
     * is a word, so a string parameter is handed over as a JSON string: {@code 12.5} or {@code true} stays a string.
     */
    private static Sent sent(RoutingContext ctx, Operation op) {
        List<String> values = new ArrayList<>(op.getParameters().size());
        for (Parameter p : op.getParameters()) {
            String name = p.getName();
            String value = switch (p.getIn()) {
                case PATH -> ctx.pathParam(name);
                case QUERY -> ctx.queryParams().get(name);
                case HEADER -> ctx.request().getHeader(name);
                case COOKIE -> ctx.request().getCookie(name) == null ? null : ctx.request().getCookie(name).getValue();
            };
            values.add(value != null && p.getSchemaType() == SchemaType.STRING ? Json.encode(value) : value);
        }
        if (op.getRequestBody() == null) {
            return new Sent(values, null, 0);
        }
        String type = ctx.request().getHeader("Content-Type");
        Buffer body = ctx.body() == null ? null : ctx.body().buffer();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json") || body == null) {
            return null;
        }
        try {
            return new Sent(values, Json.decodeValue(body), body.length());
        } catch (DecodeException e) {
            return null;
        }
    }

    /** A refusal of the validator as the API says it: 400, the field to blame and a sentence of the API's own. */
    static ApiException refusal(ValidatorException e, Operation op) {
        Matcher param = PARAMETER.matcher(String.valueOf(e.getMessage()));
        String paramName = param.find() ? param.group(1) : null;
        if (!(e instanceof SchemaValidationException schema) || schema.getOutputUnit() == null) {
            String field = paramName != null ? paramName : "body";
            if (e.type() == ValidatorErrorType.MISSING_REQUIRED_PARAMETER) {
                return ApiException.badRequest(field, paramName != null ? field + " is required" : "a JSON object body is required");
            }
            return ApiException.badRequest(field, field + " is not valid");
        }
        OutputUnit unit = mostRelevant(schema.getOutputUnit());
        String location = pointer(unit.getInstanceLocation());
        // the field is the property (an array's element: the array's), the sentence names the element (taskIds[0])
        String field = paramName != null ? paramName : location.isEmpty() ? "body" : location.substring(1).replaceAll("/\\d+(?=/|$)", "").replace('/', '.');
        String base = paramName != null ? paramName : location.isEmpty() ? "body"
                : location.substring(1).replaceAll("/(\\d+)(?=/|$)", "[$1]").replace('/', '.');
        String keyword = keyword(unit.getKeywordLocation());
        String error = String.valueOf(unit.getError());
        return switch (keyword) {
            case "required" -> {
                String missing = quoted(error);
                String name = paramName != null || "body".equals(base) ? missing : base + "." + missing;
                yield ApiException.badRequest(paramName != null || "body".equals(base) ? missing : field + "." + missing, name + " is required");
            }
            case "additionalProperties" -> {
                // the unit is the unknown property's own: its location ends with the property's name
                String parent = location.substring(0, Math.max(0, location.lastIndexOf('/')));
                String key = location.substring(location.lastIndexOf('/') + 1).replace("~1", "/").replace("~0", "~");
                List<String> known = properties(op, parent);
                yield ApiException.badRequest(field, known.isEmpty() ? "unknown field " + key
                        : "unknown field " + key + "; fields: " + String.join(", ", known));
            }
            case "type" -> ApiException.badRequest(field, base + " must be " + typeName(error.substring(error.lastIndexOf(' ') + 1)));
            case "maxLength", "minLength" -> ApiException.badRequest(field, lengthRule(op, location, base, keyword, bound(error)));
            case "maximum" -> ApiException.badRequest(field, base + " must be at most " + bound(error));
            case "minimum" -> ApiException.badRequest(field, base + " must be at least " + bound(error));
            case "enum" -> ApiException.badRequest(field, base + " must be one of " + choices(error));
            case "maxItems" -> ApiException.badRequest(field, base + " must have at most " + bound(error) + " items");
            case "format" -> ApiException.badRequest(field, base + " must be a " + quoted(error));
            default -> ApiException.badRequest(field, base + " is not valid");
        };
    }

    /** Units that only gather others (a property's or an alternative's), and the null alternative of a nullable value. */
    private static final java.util.Set<String> GATHERING = java.util.Set.of("properties", "anyOf", "oneOf", "allOf", "items", "$ref");

    /**
     * The error to name: the last that says what is wrong with a value itself (not a unit gathering others, nor the
     * null alternative {@link ApiContract#forVertx} writes for a nullable value); failing those, an unknown field. (A
     * declared property whose value fails is also reported as not matching {@code additionalProperties: false}, after
     * its own error: that report is not the one to name.)
     */
    private static OutputUnit mostRelevant(OutputUnit unit) {
        List<OutputUnit> errors = unit.getErrors();
        if (errors == null || errors.isEmpty()) {
            return unit;
        }
        for (int i = errors.size() - 1; i >= 0; i--) {
            OutputUnit e = errors.get(i);
            String at = String.valueOf(e.getKeywordLocation());
            if (!GATHERING.contains(keyword(at)) && !at.contains("/additionalProperties")
                    && !String.valueOf(e.getError()).endsWith("any of [null]")) {
                return e;
            }
        }
        // the deepest unknown field: an object's unknown field also fails the object as a property of its parent
        OutputUnit deepest = null;
        for (OutputUnit e : errors) {
            if (keyword(e.getKeywordLocation()).equals("additionalProperties") && (deepest == null
                    || pointer(e.getInstanceLocation()).length() > pointer(deepest.getInstanceLocation()).length())) {
                deepest = e;
            }
        }
        return deepest != null ? deepest : errors.get(errors.size() - 1);
    }

    /** An instance location as a JSON pointer ("/a/b"; the root: ""), whichever way the validator wrote it ("#/a/b"). */
    private static String pointer(String location) {
        String p = location == null ? "" : location.startsWith("#") ? location.substring(1) : location;
        return p.equals("/") ? "" : p;
    }

    private static String keyword(String keywordLocation) {
        if (keywordLocation == null) {
            return "";
        }
        return keywordLocation.substring(keywordLocation.lastIndexOf('/') + 1);
    }

    private static String quoted(String error) {
        Matcher m = QUOTED.matcher(error);
        return m.find() ? m.group(1) : "?";
    }

    private static String bound(String error) {
        Matcher m = BOUND.matcher(error.strip());
        String n = m.find() ? m.group(1) : "?";
        return n.endsWith(".0") ? n.substring(0, n.length() - 2) : n;
    }

    private static String typeName(String jsonType) {
        return switch (jsonType) {
            case "string" -> "a string";
            case "integer" -> "a whole number";
            case "number" -> "a number";
            case "boolean" -> "true or false";
            case "object" -> "a JSON object";
            case "array" -> "a JSON array";
            default -> "of type " + jsonType;
        };
    }

    private static String choices(String error) {
        int at = error.indexOf('[');
        if (at < 0) {
            return "?";
        }
        TreeSet<String> names = new TreeSet<>();
        for (Object v : new JsonArray(error.substring(at))) {
            names.add(String.valueOf(v));
        }
        return String.join(", ", names);
    }

    /**
     * What a string of the wrong length must be, as the handlers say it: "{min} to {max} characters" when the property
     * has both bounds (a password: 12 to 1024), "at most {max} characters", or "is required" for a minimum of 1.
     */
    private static String lengthRule(Operation op, String location, String base, String keyword, String bound) {
        Object schema = property(op, location);
        if (schema instanceof JsonObject p && p.getValue("minLength") instanceof Number min
                && p.getValue("maxLength") instanceof Number max && min.intValue() > 1) {
            return base + " must be " + min + " to " + max + " characters";
        }
        if (keyword.equals("maxLength")) {
            return base + " must be at most " + bound + " characters";
        }
        return "1".equals(bound) ? base + " is required" : base + " must be at least " + bound + " characters";
    }

    /** The schema the body's document gives the value at {@code location} ("/selection/stage"; the body: ""), or null. */
    private static Object property(Operation op, String location) {
        if (op.getRequestBody() == null) {
            return null;
        }
        Object schema = op.getRequestBody().getContent().get("application/json").getSchema().get("properties") instanceof JsonObject top
                ? new JsonObject().put("properties", top) : null;
        for (String name : location.isEmpty() ? new String[0] : location.substring(1).split("/")) {
            if (!(schema instanceof JsonObject o) || !(o.getValue("properties") instanceof JsonObject props)) {
                return null;
            }
            schema = props.getValue(name.replace("~1", "/").replace("~0", "~"));
        }
        return schema;
    }

    /** The property names the body's document gives the object at {@code location} (the body itself: ""), sorted. */
    private static List<String> properties(Operation op, String location) {
        Object schema = property(op, location);
        List<String> out = new ArrayList<>();
        if (schema instanceof JsonObject o && o.getValue("properties") instanceof JsonObject props) {
            out.addAll(new TreeSet<>(props.fieldNames()));
        }
        return out;
    }
}
