package com.loandesk.dispatch;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.function.Supplier;

/** Runs one {@link Dispatcher} on this verticle's event loop; undeploying drains it. */
public final class DispatcherVerticle extends VerticleBase {

    private final Supplier<Dispatcher> factory;
    private Dispatcher dispatcher;

    public DispatcherVerticle(Supplier<Dispatcher> factory) {
        this.factory = factory;
    }

    public Dispatcher dispatcher() {
        return dispatcher;
    }

    @Override
    public Future<?> start() {
        dispatcher = factory.get();
        dispatcher.start();
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        return dispatcher == null ? Future.succeededFuture() : dispatcher.stop();
    }
}
