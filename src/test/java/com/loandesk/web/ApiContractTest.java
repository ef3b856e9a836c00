package com.loandesk.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Routes come from openapi.yaml's operations by id, and a router that leaves one out is named for it. */
class ApiContractTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close();
    }

    @Test
    void a_route_is_made_at_the_method_and_path_the_document_gives_its_operation() {
        Router router = Router.router(vertx);
        ApiContract.route(router, "getCasesByCaseRef").handler(ctx -> ctx.end());
        assertEquals(List.of(new HttpRoute("get", "/api/cases/{caseRef}")), HttpRoute.of(router));
    }

    @Test
    void an_operation_the_document_does_not_have_is_refused_by_name() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ApiContract.route(Router.router(vertx), "getCasesByCaseRefs"));
        assertEquals("openapi.yaml has no operation getCasesByCaseRefs", e.getMessage());
    }

    @Test
    void the_operations_a_router_leaves_without_a_route_are_named() {
        Router router = Router.router(vertx);
        ApiContract contract = ApiContract.get();
        contract.operations().stream().filter(op -> !op.id().equals("getHealth")).forEach(op -> ApiContract.route(router, op.id()).handler(ctx -> ctx.end()));
        assertEquals(List.of("getHealth"), contract.unrouted(router));
        assertTrue(contract.operations().size() > 50, "every operation was read");
    }
}
