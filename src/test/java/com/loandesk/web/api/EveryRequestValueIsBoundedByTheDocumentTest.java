package com.loandesk.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.web.ApiContract;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * openapi.yaml is the one place a request's limits are written: every string a request may carry (a parameter, a
 * field of a JSON body at any depth) is bounded there (a maxLength, an enumeration, a date or date-time format, or an
 * anchored pattern without an open repetition), and every object of a JSON body is closed (a field it does not name is
 * refused). The handlers do not repeat them. The import's body is its rows' (checked one by one), not the document's.
 */
class EveryRequestValueIsBoundedByTheDocumentTest {

    private static final Set<String> NOT_CHECKED = Set.of("postCasesImport");

    @Test
    void every_request_string_is_bounded_and_every_body_object_closed() {
        JsonObject doc = ApiContract.get().document();
        List<String> open = new ArrayList<>();
        int strings = 0;
        JsonObject paths = doc.getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            for (String method : paths.getJsonObject(path).fieldNames()) {
                if (!(paths.getJsonObject(path).getValue(method) instanceof JsonObject op) || NOT_CHECKED.contains(op.getString("operationId"))) {
                    continue;
                }
                String id = op.getString("operationId");
                for (Object p : op.getJsonArray("parameters", new JsonArray())) {
                    JsonObject param = resolve(doc, (JsonObject) p);
                    strings += walk(doc, param.getJsonObject("schema"), id + " " + param.getString("in") + ":" + param.getString("name"), open);
                }
                JsonObject body = op.getJsonObject("requestBody");
                if (body != null && body.getJsonObject("content").getJsonObject("application/json") != null) {
                    strings += walk(doc, body.getJsonObject("content").getJsonObject("application/json").getJsonObject("schema"), id + " body", open);
                }
            }
        }
        assertTrue(strings > 100, "the request strings were read: " + strings);
        assertEquals(List.of(), open, "request values the document does not bound");
    }

    /** The strings under {@code schema} (counted), adding to {@code open} each unbounded string and open object. */
    private static int walk(JsonObject doc, JsonObject schema, String where, List<String> open) {
        if (schema == null) {
            return 0;
        }
        schema = resolve(doc, schema);
        int n = 0;
        for (String alternatives : List.of("anyOf", "oneOf", "allOf")) {
            for (Object alternative : schema.getJsonArray(alternatives, new JsonArray())) {
                n += walk(doc, (JsonObject) alternative, where, open);
            }
        }
        String type = schema.getString("type");
        if ("string".equals(type)) {
            if (!bounded(schema)) {
                open.add(where);
            }
            return n + 1;
        }
        if ("object".equals(type) && !Boolean.FALSE.equals(schema.getValue("additionalProperties"))) {
            open.add(where + " (an object that takes any field)");
        }
        JsonObject properties = schema.getJsonObject("properties", new JsonObject());
        for (String name : properties.fieldNames()) {
            n += walk(doc, properties.getJsonObject(name), where + "." + name, open);
        }
        if (schema.getValue("items") instanceof JsonObject items) {
            n += walk(doc, items, where + "[]", open);
        }
        return n;
    }

    private static boolean bounded(JsonObject s) {
        if (s.getValue("maxLength") != null || s.getValue("enum") != null) {
            return true;
        }
        String format = s.getString("format");
        if ("date".equals(format) || "date-time".equals(format)) {
            return true;
        }
        String pattern = s.getString("pattern");
        return pattern != null && pattern.startsWith("^") && pattern.endsWith("$") && !pattern.contains("*") && !pattern.contains("+")
                && !pattern.matches(".*\\{\\d+,}.*");
    }

    private static JsonObject resolve(JsonObject doc, JsonObject node) {
        while (node.getString("$ref") != null) {
            JsonObject at = doc;
            for (String part : node.getString("$ref").substring(2).split("/")) {
                at = at.getJsonObject(part);
            }
            node = at;
        }
        return node;
    }
}
