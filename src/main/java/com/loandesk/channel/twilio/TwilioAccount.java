package com.loandesk.channel.twilio;

import com.twilio.http.TwilioRestClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Twilio account as the adapters share it: a REST client aimed at the configured base URL with
 * no hidden retries, and the bounded, named worker pool every blocking twilio-java call runs on.
 * Create one per process, hand it to the SMS and voice channels and the reconciler, close it last.
 */
public final class TwilioAccount {

    private static final Logger LOG = LoggerFactory.getLogger(TwilioAccount.class);
    static final String WORKER_POOL = "twilio";

    static {
        // twilio-java renders TwiML (voice calls) through JAXP, whose factory lookup, when no provider is named,
        // scans every jar on the class path on every call before falling back to the JDK's own. None of ours
        // provides one, so naming the JDK's (unless the operator named others) gives the same factories, unscanned.
        System.getProperties().putIfAbsent("javax.xml.parsers.DocumentBuilderFactory",
                "com.sun.org.apache.xerces.internal.jaxp.DocumentBuilderFactoryImpl");
        System.getProperties().putIfAbsent("javax.xml.transform.TransformerFactory",
                "com.sun.org.apache.xalan.internal.xsltc.trax.TransformerFactoryImpl");
    }

    private final Vertx vertx;
    private final TwilioSettings settings;
    private final TwilioRestClient client;
    private final WorkerExecutor worker;

    private TwilioAccount(Vertx vertx, TwilioSettings settings, TwilioRestClient client, WorkerExecutor worker) {
        this.vertx = vertx;
        this.settings = settings;
        this.client = client;
        this.worker = worker;
    }

    public static TwilioAccount create(Vertx vertx, TwilioSettings settings) {
        TwilioRestClient client = new TwilioRestClient.Builder(settings.accountSid(), settings.authToken())
                .httpClient(new RebasingHttpClient(settings.apiBaseUrl(), settings.requestTimeout(), settings.workerPoolSize()))
                .build();
        WorkerExecutor worker = vertx.createSharedWorkerExecutor(WORKER_POOL + "-" + settings.accountSid().substring(30),
                settings.workerPoolSize(), settings.requestTimeout().toMillis() * 3, java.util.concurrent.TimeUnit.MILLISECONDS);
        LOG.info("twilio account ready accountSidEnd={} apiBase={} workers={}", settings.accountSid().substring(30),
                settings.apiBaseUrl(), settings.workerPoolSize());
        return new TwilioAccount(vertx, settings, client, worker);
    }

    public Vertx vertx() {
        return vertx;
    }

    public TwilioSettings settings() {
        return settings;
    }

    TwilioRestClient client() {
        return client;
    }

    /** Runs blocking twilio-java code on the account's worker pool, never on an event loop; unordered. */
    <T> Future<T> blocking(Callable<T> call) {
        return worker.executeBlocking(call, false);
    }

    public Future<Void> close() {
        return worker.close();
    }
}
