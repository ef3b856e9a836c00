package com.loandesk.store;

import com.loandesk.config.DatabaseFallback;
import io.vertx.pgclient.PgConnectOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a PostgreSQL server, in this order: {@code DATABASE_URL}; the {@code PG*} variables; then, as
 * {@code database.fallback} allows (production: not at all), a server answering on 127.0.0.1:5432 (trust auth,
 * as on the development machines), where the named database is created if missing; else an embedded server
 * (zonky) that lives as long as this process. Blocking: call it before Vert.x starts, or on a worker.
 */
public final class DatabaseLocator implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseLocator.class);

    private final Map<String, String> env;
    private EmbeddedPostgres embedded;

    public DatabaseLocator(Map<String, String> env) {
        this.env = env;
    }

    /** As {@link #locate(String, DatabaseFallback)}: the local server, and the embedded one if {@code embeddedFallback}. */
    public DatabaseTarget locate(String localDatabase, boolean embeddedFallback) {
        return locate(localDatabase, embeddedFallback ? DatabaseFallback.LOCAL_OR_EMBEDDED : DatabaseFallback.LOCAL);
    }

    /** The database to use; throws naming {@code DATABASE_URL} when there is none and {@code fallback} allows no other. */
    public DatabaseTarget locate(String localDatabase, DatabaseFallback fallback) {
        String url = env.get("DATABASE_URL");
        if (url != null && !url.isBlank()) {
            PgConnectOptions o;
            try {
                o = PgConnectOptions.fromUri(url.trim());
            } catch (RuntimeException e) {   // its message may quote the URL, password and all
                throw new IllegalStateException("DATABASE_URL is not a postgres://user:password@host:port/database URL");
            }
            return new DatabaseTarget(o.getHost(), o.getPort(), o.getDatabase(), o.getUser(), o.getPassword(),
                    "DATABASE_URL " + o.getHost() + ":" + o.getPort() + "/" + o.getDatabase());
        }
        if (env.containsKey("PGHOST") || env.containsKey("PGDATABASE")) {
            String host = env.getOrDefault("PGHOST", "127.0.0.1");
            int port = Integer.parseInt(env.getOrDefault("PGPORT", "5432"));
            String db = env.getOrDefault("PGDATABASE", localDatabase);
            return new DatabaseTarget(host, port, db, env.getOrDefault("PGUSER", "postgres"), env.get("PGPASSWORD"),
                    "PG* variables " + host + ":" + port + "/" + db);
        }
        if (fallback == DatabaseFallback.NONE) {
            throw new IllegalStateException("no database configured: set DATABASE_URL (postgres://user:password@host:5432/database) "
                    + "or the PG* variables (database.fallback is none, so no local or embedded server is tried)");
        }
        if (answers("127.0.0.1", 5432)) {
            var target = new DatabaseTarget("127.0.0.1", 5432, localDatabase, "postgres", null,
                    "local server 127.0.0.1:5432/" + localDatabase);
            createDatabaseIfMissing(target);
            return target;
        }
        if (fallback != DatabaseFallback.LOCAL_OR_EMBEDDED) {
            throw new IllegalStateException("no PostgreSQL: set DATABASE_URL or PG*, or start one on 127.0.0.1:5432");
        }
        return startEmbedded(localDatabase);
    }

    /** Creates {@code target.database()} on its server when it is not there yet. */
    public static void createDatabaseIfMissing(DatabaseTarget target) {
        try (Connection c = DriverManager.getConnection(target.withDatabase("postgres").jdbcUrl(), target.user(), target.password());
             var check = c.prepareStatement("select 1 from pg_database where datname = ?")) {
            check.setString(1, target.database());
            if (!check.executeQuery().next()) {
                try (var create = c.createStatement()) {
                    create.execute("create database \"" + target.database().replace("\"", "") + "\"");
                }
                LOG.info("created database={}", target.database());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare database " + target.description() + ": " + e.getMessage(), e);
        }
    }

    private DatabaseTarget startEmbedded(String database) {
        LOG.info("no PostgreSQL found, starting an embedded one database={}", database);
        try {
            embedded = EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start embedded PostgreSQL: " + e.getMessage(), e);
        }
        var target = new DatabaseTarget("127.0.0.1", embedded.getPort(), database, "postgres", null,
                "embedded PostgreSQL 127.0.0.1:" + embedded.getPort() + "/" + database);
        createDatabaseIfMissing(target);
        return target;
    }

    private static boolean answers(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        if (embedded != null) {
            embedded.close();
            embedded = null;
        }
    }
}
