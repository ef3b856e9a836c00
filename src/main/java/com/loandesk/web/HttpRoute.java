package com.loandesk.web;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A method and path the service answers, as an OpenAPI document names them ({@code get /api/cases/{caseRef}}): what
 * the contract test compares the document with. Only routes with a method and a path of their own count (a handler
 * on every method, such as authentication on {@code /api/*}, is not an operation).
 */
public record HttpRoute(String method, String path) {

    /** Every route of {@code router} with its methods, in path then method order. */
    public static List<HttpRoute> of(Router router) {
        List<HttpRoute> out = new ArrayList<>();
        for (Route route : router.getRoutes()) {
            String path = route.getPath();
            if (path == null || route.methods() == null) {
                continue;
            }
            for (HttpMethod m : route.methods()) {
                out.add(new HttpRoute(m.name().toLowerCase(Locale.ROOT), path.replaceAll(":([A-Za-z0-9_]+)", "{$1}")));
            }
        }
        out.sort(Comparator.comparing(HttpRoute::path).thenComparing(HttpRoute::method));
        return out;
    }
}
