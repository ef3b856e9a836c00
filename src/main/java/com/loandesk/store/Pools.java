package com.loandesk.store;

import com.loandesk.config.DatabaseConfig;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/** Builds the shared connection pool, with a bounded wait queue and cached prepared statements. */
public final class Pools {

    private Pools() {
    }

    public static Pool create(Vertx vertx, DatabaseTarget target, DatabaseConfig config) {
        return PgBuilder.pool()
                .with(new PoolOptions()
                        .setMaxSize(config.poolSize())
                        .setMaxWaitQueueSize(config.maxWaitQueue())
                        .setShared(true)
                        .setName("loandesk"))
                .connectingTo(target.connectOptions())
                .using(vertx)
                .build();
    }
}
