package com.loandesk.store;

import org.flywaydb.core.Flyway;

/** Brings the schema up to date with Flyway. Blocking (JDBC): run before Vert.x starts or on a worker. */
public final class Migrations {

    private Migrations() {
    }

    public static int migrate(DatabaseTarget target) {
        return Flyway.configure()
                .dataSource(target.jdbcUrl(), target.user(), target.password())
                .locations("classpath:db/migration")
                .load()
                .migrate()
                .migrationsExecuted;
    }
}
