package com.loandesk;

import com.loandesk.channel.Channels;
import com.loandesk.channel.ContactChannel;
import com.loandesk.channel.UnconfiguredChannel;
import com.loandesk.channel.email.SmtpEmailChannel;
import com.loandesk.channel.email.SmtpSettings;
import com.loandesk.channel.sim.SimulatorChannel;
import com.loandesk.channel.twilio.TwilioAccount;
import com.loandesk.channel.twilio.TwilioBridgeCall;
import com.loandesk.channel.twilio.TwilioReconciler;
import com.loandesk.channel.twilio.TwilioSettings;
import com.loandesk.channel.twilio.TwilioSmsChannel;
import com.loandesk.channel.twilio.TwilioVoiceChannel;
import com.loandesk.config.AppConfig;
import com.loandesk.config.ProviderMode;
import com.loandesk.fake.FakeTwilio;
import com.loandesk.rules.Channel;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The providers the service talks to, chosen by {@code providers.mode}: real Twilio (configuration
 * only: TWILIO_* and PUBLIC_BASE_URL), the built-in Twilio fake (a real local HTTP server, so the
 * production adapter runs unchanged), or the in-process simulator. E-mail goes through SMTP when
 * SMTP_HOST is set; else, with real Twilio, nowhere (e-mail tasks stay pending, never faked:
 * {@link UnconfiguredChannel}), and with the fake or the simulator through the simulator.
 */
public final class Providers {

    private static final Logger LOG = LoggerFactory.getLogger(Providers.class);

    private final Channels channels;
    private final TwilioSettings twilio;
    private final TwilioVoiceChannel voice;
    private final TwilioReconciler reconciler;
    private final FakeTwilio fake;
    private TwilioBridgeCall bridgeCall;
    private final List<Supplier<Future<Void>>> closers;
    private final String description;

    private Providers(Channels channels, TwilioSettings twilio, TwilioVoiceChannel voice, TwilioReconciler reconciler,
                      FakeTwilio fake, List<Supplier<Future<Void>>> closers, String description) {
        this.channels = channels;
        this.twilio = twilio;
        this.voice = voice;
        this.reconciler = reconciler;
        this.fake = fake;
        this.closers = closers;
        this.description = description;
    }

    /** Starts the configured providers; {@code publicPort} is where the fake sends its callbacks. */
    public static Future<Providers> start(Vertx vertx, AppConfig config, Map<String, String> env, int publicPort) {
        ProviderMode mode = config.providers().mode();
        List<Supplier<Future<Void>>> closers = new ArrayList<>();
        ContactChannel email = emailChannel(vertx, config, env, closers);
        if (mode == ProviderMode.SIMULATOR) {
            Channels channels = new Channels(List.of(
                    new SimulatorChannel(vertx, Channel.SMS, config.simulator().latency()),
                    new SimulatorChannel(vertx, Channel.VOICE, config.simulator().latency()), email));
            return Future.succeededFuture(new Providers(channels, null, null, null, null, closers, "simulator"));
        }
        if (mode == ProviderMode.TWILIO) {
            TwilioSettings settings;
            try {
                settings = TwilioSettings.fromEnv(env);
            } catch (RuntimeException e) {
                return Future.failedFuture(e);
            }
            return vertx.executeBlocking(() -> twilio(vertx, settings, email, null, closers, "twilio"), false);
        }
        Map<String, String> fakeEnv = new HashMap<>(env);
        String sid = "AC" + "fa4e".repeat(8);
        byte[] token = new byte[16];
        new SecureRandom().nextBytes(token);
        fakeEnv.put("TWILIO_ACCOUNT_SID", sid);
        fakeEnv.put("TWILIO_AUTH_TOKEN", HexFormat.of().formatHex(token));
        fakeEnv.put("PUBLIC_BASE_URL", "http://localhost:" + publicPort);
        fakeEnv.putIfAbsent("TWILIO_FROM_NUMBER", "+15005550006");
        fakeEnv.putIfAbsent("TWILIO_VOICE_FROM_NUMBER", "+15005550006");
        fakeEnv.putIfAbsent("TWILIO_COLLECTOR_NUMBER", "+15005550007");
        fakeEnv.putIfAbsent("TWILIO_SMS_PER_SECOND", "50");
        fakeEnv.putIfAbsent("TWILIO_CALLS_PER_SECOND", "10");
        return FakeTwilio.start(vertx, 0, sid, fakeEnv.get("TWILIO_AUTH_TOKEN")).compose(fake -> {
            fake.latency(config.providers().fakeLatency());
            fakeEnv.put("TWILIO_API_BASE_URL", fake.baseUrl());
            closers.add(fake::close);
            TwilioSettings settings = TwilioSettings.fromEnv(fakeEnv);
            return vertx.executeBlocking(() -> twilio(vertx, settings, email, fake, closers, "fake-twilio at " + fake.baseUrl()), false);
        });
    }

    /**
     * The Twilio side: building the SDK's clients loads and initialises a good deal (HTTP client, JSON
     * mappers), so this runs on a worker thread, never on an event loop.
     */
    private static Providers twilio(Vertx vertx, TwilioSettings settings, ContactChannel email, FakeTwilio fake,
                                    List<Supplier<Future<Void>>> closers, String description) {
        TwilioAccount account = TwilioAccount.create(vertx, settings);
        closers.add(0, account::close);
        TwilioVoiceChannel voice = new TwilioVoiceChannel(account);
        Channels channels = new Channels(List.of(new TwilioSmsChannel(account), voice, email));
        Providers providers = new Providers(channels, settings, voice, new TwilioReconciler(account), fake, closers, description);
        providers.bridgeCall = TwilioBridgeCall.create(vertx, settings);
        return providers;
    }

    /** Click-to-call's bridged calls (their own Twilio client); null without Twilio. Closed by its ClickToCall. */
    public TwilioBridgeCall bridgeCall() {
        return bridgeCall;
    }

    private static ContactChannel emailChannel(Vertx vertx, AppConfig config, Map<String, String> env,
                                               List<Supplier<Future<Void>>> closers) {
        String host = env.get("SMTP_HOST");
        if (host == null || host.isBlank()) {
            if (config.providers().mode() == ProviderMode.TWILIO) {
                LOG.warn("email has no provider: SMTP_HOST is not set; e-mail tasks stay pending, unsent, until it is");
                return new UnconfiguredChannel(Channel.EMAIL, "SMTP_HOST");
            }
            return new SimulatorChannel(vertx, Channel.EMAIL, config.simulator().latency());
        }
        SmtpEmailChannel smtp = new SmtpEmailChannel(vertx, SmtpSettings.fromEnv(env));
        closers.add(smtp::close);
        LOG.info("email via smtp host={}", host);
        return smtp;
    }

    public Channels channels() {
        return channels;
    }

    /** Twilio's settings, or null when Twilio is not used (no webhooks then). */
    public TwilioSettings twilio() {
        return twilio;
    }

    public TwilioVoiceChannel voice() {
        return voice;
    }

    /** Asks the provider whether an ambiguous send reached it; null when the provider cannot be asked. */
    public TwilioReconciler reconciler() {
        return reconciler;
    }

    /** The built-in fake, when it is in use. */
    public FakeTwilio fake() {
        return fake;
    }

    public String description() {
        return description;
    }

    public Future<Void> close() {
        Future<Void> chain = Future.succeededFuture();
        for (Supplier<Future<Void>> closer : closers) {
            chain = chain.eventually(() -> closer.get().recover(e -> Future.succeededFuture()));
        }
        return chain;
    }
}
