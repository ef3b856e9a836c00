package com.loandesk.web;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The HTTP contract, {@code openapi.yaml} on the classpath: every operation the service answers, by its operationId.
 * Routes are made from it ({@link #route}: the method and path as the document says them, never typed twice), and
 * {@link #unrouted} names the operations a router leaves without a route (the service refuses to start with any).
 * Read once, when the class loads; a document that cannot be read stops the class from loading.
 */
public final class ApiContract {

    /** The document's name on the classpath (served as {@code GET /openapi.yaml}). */
    public static final String RESOURCE = "openapi.yaml";

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    /**
     * The request and response media types Vert.x's contract parser takes (5.0.8): a document naming any other (the CSV
     * imports and exports, the document itself, recordings) is refused whole, so {@link #forVertx} reads those as octets.
     */
    private static final Set<String> PARSED = Set.of("application/json", "application/json; charset=utf-8", "multipart/form-data",
            "application/hal+json", "application/octet-stream", "text/plain", "text/plain; charset=utf-8");

    private static final ApiContract LOADED = read();

    /** An operation of the document: its id, method and path ({@code /api/cases/{caseRef}}). */
    public record Operation(String id, HttpMethod method, String path) {

        /** The path as Vert.x's router writes its parameters ({@code /api/cases/:caseRef}). */
        public String routerPath() {
            return path.replaceAll("\\{([A-Za-z0-9_]+)}", ":$1");
        }

        /** {@code get /api/cases/{caseRef}}, as {@link HttpRoute} names a route. */
        public HttpRoute asRoute() {
            return new HttpRoute(method.name().toLowerCase(Locale.ROOT), path);
        }
    }

    private final JsonObject document;
    private final Map<String, Operation> operations;

    private ApiContract(JsonObject document, Map<String, Operation> operations) {
        this.document = document;
        this.operations = operations;
    }

    /** The contract the service is built from. */
    public static ApiContract get() {
        return LOADED;
    }

    /**
     * A route of {@code router} for operation {@code operationId}, at its method and path.
     *
     * @throws IllegalArgumentException when the document has no such operation
     */
    public static Route route(Router router, String operationId) {
        Operation op = LOADED.operation(operationId);
        return router.route(op.method(), op.routerPath());
    }

    /** Operation {@code id}; an IllegalArgumentException when the document has none. */
    public Operation operation(String id) {
        Operation op = operations.get(id);
        if (op == null) {
            throw new IllegalArgumentException("openapi.yaml has no operation " + id);
        }
        return op;
    }

    /** Every operation, in the document's order. */
    public Collection<Operation> operations() {
        return Collections.unmodifiableCollection(operations.values());
    }

    /** The operations {@code router} has no route for (their ids, in the document's order). */
    public List<String> unrouted(Router router) {
        Set<HttpRoute> routed = new HashSet<>(HttpRoute.of(router));
        List<String> out = new ArrayList<>();
        for (Operation op : operations.values()) {
            if (!routed.contains(op.asRoute())) {
                out.add(op.id());
            }
        }
        return out;
    }

    /** The document as it reads (a copy). */
    public JsonObject document() {
        return document.copy();
    }

    /**
     * The document as Vert.x's contract parser and validator (5.0.8) read it: bodies of a media type the parser refuses
     * (CSV, YAML, audio) become octet streams, the JSON ones untouched; and OpenAPI 3.0's {@code nullable: true}, which
     * the validator does not read (a null is refused as not of the type), becomes what it means, in words the 3.0
     * parser takes: {@code anyOf: [the schema, {enum: [null]}]}.
     */
    public JsonObject forVertx() {
        JsonObject doc = document.copy();
        JsonObject paths = doc.getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            JsonObject item = paths.getJsonObject(path);
            for (String method : item.fieldNames()) {
                if (!(item.getValue(method) instanceof JsonObject op)) {
                    continue;
                }
                if (op.getJsonObject("requestBody") != null) {
                    asOctets(op.getJsonObject("requestBody").getJsonObject("content"));
                }
                JsonObject responses = op.getJsonObject("responses", new JsonObject());
                for (String status : responses.fieldNames()) {
                    if (responses.getValue(status) instanceof JsonObject response) {
                        asOctets(response.getJsonObject("content"));
                    }
                }
            }
        }
        nullable(doc);
        return doc;
    }

    private static void nullable(Object node) {
        if (node instanceof JsonObject o) {
            o.forEach(e -> nullable(e.getValue()));
            if (Boolean.TRUE.equals(o.getValue("nullable"))) {
                o.remove("nullable");
                JsonObject schema = o.copy();
                o.clear();
                o.put("anyOf", new JsonArray().add(schema).add(new JsonObject().put("enum", new JsonArray().addNull())));
            }
        } else if (node instanceof JsonArray a) {
            a.forEach(ApiContract::nullable);
        }
    }

    private static void asOctets(JsonObject content) {
        if (content == null) {
            return;
        }
        for (String type : new ArrayList<>(content.fieldNames())) {
            if (!PARSED.contains(type)) {
                Object body = content.remove(type);
                content.put("application/octet-stream", body);
            }
        }
    }

    private static ApiContract read() {
        Map<String, Object> yaml;
        try (InputStream in = ApiContract.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            yaml = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        JsonObject document = new JsonObject(yaml);
        Map<String, Operation> operations = new LinkedHashMap<>();
        JsonObject paths = document.getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            JsonObject item = paths.getJsonObject(path);
            for (String method : item.fieldNames()) {
                if (!METHODS.contains(method)) {
                    continue;
                }
                String id = item.getJsonObject(method).getString("operationId");
                if (id == null) {
                    throw new IllegalStateException(RESOURCE + ": " + method + " " + path + " has no operationId");
                }
                if (operations.put(id, new Operation(id, HttpMethod.valueOf(method.toUpperCase(Locale.ROOT)), path)) != null) {
                    throw new IllegalStateException(RESOURCE + ": operationId " + id + " is used twice");
                }
            }
        }
        return new ApiContract(document, operations);
    }
}
