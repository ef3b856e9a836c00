package com.loandesk.auth;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;

/** One access_audit row: who (actor and role) did what (action, detail) to whom (target). */
final class Audit {

    private Audit() {
    }

    static Future<Void> write(SqlClient client, OffsetDateTime at, String actor, Role role, String action, String target,
                              JsonObject detail) {
        return client.preparedQuery(AccessSql.AUDIT)
                .execute(Tuple.of(at, actor, role == null ? null : role.code(), action, null, target,
                        detail == null ? null : detail.encode()))
                .mapEmpty();
    }

    static Future<Void> write(SqlClient client, OffsetDateTime at, Principal by, String action, String target, JsonObject detail) {
        return write(client, at, by.username(), by.role(), action, target, detail);
    }
}
