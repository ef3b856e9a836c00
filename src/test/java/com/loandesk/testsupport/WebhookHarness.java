package com.loandesk.testsupport;

import com.loandesk.channel.twilio.TwilioSettings;
import com.loandesk.channel.twilio.VoicemailDrop;
import com.loandesk.fake.TwilioSignature;
import com.loandesk.store.PgProviderEvents;
import com.loandesk.store.PgVoiceScripts;
import com.loandesk.web.TwilioWebhooks;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The webhook routes on a real HTTP server over the real test database. PUBLIC_BASE_URL is
 * {@code http://localhost:<port>} unless a test passes another one; {@link #post} signs like Twilio.
 */
public final class WebhookHarness {

    public final Vertx vertx;
    public final Pool pool;
    public final PgProviderEvents events;
    public final PgVoiceScripts scripts;
    public final WebClient client;
    public TwilioSettings settings;
    private HttpServer server;

    private WebhookHarness(Vertx vertx) {
        this.vertx = vertx;
        this.pool = TestDatabase.pool(vertx, 4);
        this.events = new PgProviderEvents(pool, Clock.systemUTC());
        this.scripts = new PgVoiceScripts(pool);
        this.client = WebClient.create(vertx);
    }

    /** Starts the server; {@code settingsFor} gets the server's own base URL and returns the settings to use. */
    public static Future<WebhookHarness> start(Vertx vertx, Function<String, TwilioSettings> settingsFor, VoicemailDrop voicemail) {
        return start(vertx, settingsFor, voicemail, false);
    }

    /**
     * As above; with {@code keepScripts}, the webhooks read the reminders waiting for a keypress from
     * PostgreSQL ({@link #scripts}, which the test gives its voice channel).
     */
    public static Future<WebhookHarness> start(Vertx vertx, Function<String, TwilioSettings> settingsFor, VoicemailDrop voicemail,
                                               boolean keepScripts) {
        WebhookHarness h = new WebhookHarness(vertx);
        AtomicReference<Router> router = new AtomicReference<>();
        return vertx.createHttpServer().requestHandler(req -> router.get().handle(req)).listen(0).map(s -> {
            h.server = s;
            h.settings = settingsFor.apply("http://localhost:" + s.actualPort());
            router.set((keepScripts ? new TwilioWebhooks(h.settings, h.events, voicemail, h.scripts, Clock.systemUTC())
                    : new TwilioWebhooks(h.settings, h.events, voicemail, Clock.systemUTC())).router(vertx));
            return h;
        });
    }

    public int port() {
        return server.actualPort();
    }

    /** Posts a form to {@code pathAndQuery}, signed for PUBLIC_BASE_URL + pathAndQuery with the auth token. */
    public Future<HttpResponse<Buffer>> post(String pathAndQuery, Map<String, String> params) {
        return post(pathAndQuery, params, TwilioSignature.sign(settings.authToken(), settings.publicBaseUrl() + pathAndQuery, params), null);
    }

    public Future<HttpResponse<Buffer>> post(String pathAndQuery, Map<String, String> params, String signature, String token) {
        MultiMap form = MultiMap.caseInsensitiveMultiMap();
        params.forEach(form::add);
        var req = client.post(port(), "localhost", pathAndQuery);
        if (signature != null) {
            req.putHeader("X-Twilio-Signature", signature);
        }
        if (token != null) {
            req.putHeader("I-Twilio-Idempotency-Token", token);
        }
        return req.sendForm(form);
    }

    /** How many provider events were recorded for {@code sid}. */
    public static long recordedEvents(String sid) {
        return Fixtures.count("select count(*) from provider_event where provider_sid = ?", sid);
    }

    public Future<Void> close() {
        client.close();
        return server.close().compose(v -> pool.close());
    }
}
