package com.loandesk.auth;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs the admin token named by {@code LOANDESK_ADMIN_TOKEN}, in one transaction:
 * <ul>
 *   <li>a new value: the user 'admin' is made an enabled admin, the token is stored (its SHA-256) and marked as the
 *       bootstrap's, and every earlier bootstrap token still live is revoked: changing the variable and restarting
 *       rotates the token;</li>
 *   <li>the value already installed and live: nothing changes (a restart);</li>
 *   <li>a value that was revoked (rotated out, revoked by an admin, or its user disabled): it stays revoked, the
 *       start goes on without it and says so; a revoked token never comes back.</li>
 * </ul>
 * Every change is written to access_audit (actor {@code system}).
 */
final class BootstrapToken {

    private static final Logger LOG = LoggerFactory.getLogger(BootstrapToken.class);
    static final String ACTOR = "system";

    /** What the start did with the variable's token. */
    enum Outcome { INSTALLED, KEPT, REFUSED_REVOKED }

    private BootstrapToken() {
    }

    static Future<Outcome> install(Pool pool, byte[] hash, OffsetDateTime now) {
        Buffer h = Buffer.buffer(hash);
        return pool.withTransaction(c -> c.preparedQuery(PeopleSql.BOOTSTRAP_FIND).execute(Tuple.of(h)).compose(found -> {
            Row row = found.size() == 0 ? null : found.iterator().next();
            if (row != null && row.getOffsetDateTime("revoked_at") != null) {
                long id = row.getLong("id");
                LOG.warn("bootstrap admin token refused: {} holds a revoked token (id={}); set a new value to bootstrap again",
                        AccessStore.ADMIN_TOKEN_ENV, id);
                return Audit.write(c, now, ACTOR, null, "token_bootstrap_refused", "admin",
                        new JsonObject().put("tokenId", id).put("reason", "revoked")).map(Outcome.REFUSED_REVOKED);
            }
            Future<Outcome> installed = row != null ? Future.succeededFuture(Outcome.KEPT) : insert(c, h, now);
            return installed.compose(outcome -> revokeOthers(c, h, now).map(revoked -> {
                LOG.info("bootstrap admin token outcome={} rotatedOut={}", outcome.name().toLowerCase(java.util.Locale.ROOT), revoked);
                return outcome;
            }));
        }));
    }

    private static Future<Outcome> insert(SqlConnection c, Buffer hash, OffsetDateTime now) {
        return c.preparedQuery(PeopleSql.BOOTSTRAP_USER).execute().compose(user -> {
            long userId = user.iterator().next().getLong("id");
            return c.preparedQuery(PeopleSql.BOOTSTRAP_INSERT).execute(Tuple.of(userId, hash, now));
        }).compose(inserted -> {
            if (inserted.size() == 0) {
                // another process installed the same value between our look and our insert
                return Future.succeededFuture(Outcome.KEPT);
            }
            long id = inserted.iterator().next().getLong("id");
            return Audit.write(c, now, ACTOR, null, "token_bootstrap", "admin", new JsonObject().put("tokenId", id))
                    .map(Outcome.INSTALLED);
        });
    }

    private static Future<Integer> revokeOthers(SqlConnection c, Buffer hash, OffsetDateTime now) {
        return c.preparedQuery(PeopleSql.BOOTSTRAP_REVOKE_OTHERS).execute(Tuple.of(hash, now)).compose((RowSet<Row> rows) -> {
            List<Future<Void>> audits = new ArrayList<>();
            for (Row r : rows) {
                audits.add(Audit.write(c, now, ACTOR, null, "token_revoked", "admin",
                        new JsonObject().put("tokenId", r.getLong("id")).put("reason", "bootstrap token rotated")));
            }
            return Future.all(audits).map(v -> rows.size());
        });
    }
}
