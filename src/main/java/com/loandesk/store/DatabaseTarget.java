package com.loandesk.store;

import io.vertx.pgclient.PgConnectOptions;

/** Where the PostgreSQL server is, and how to log in. {@code description} never holds the password. */
public record DatabaseTarget(String host, int port, String database, String user, String password, String description) {

    public PgConnectOptions connectOptions() {
        var options = new PgConnectOptions()
                .setHost(host)
                .setPort(port)
                .setDatabase(database)
                .setUser(user)
                .setCachePreparedStatements(true)
                .setPreparedStatementCacheMaxSize(512)
                .setPipeliningLimit(256);
        if (password != null) {
            options.setPassword(password);
        }
        return options;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public DatabaseTarget withDatabase(String other) {
        return new DatabaseTarget(host, port, other, user, password, description.replace(database, other));
    }
}
