package com.loandesk.channel.twilio;

import io.vertx.core.Future;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a reminder call's debt content waits until the person who answered confirms they are the
 * borrower: {@link TwilioVoiceChannel} keeps it before placing the call, the gather webhook finds it after
 * the keypress. The call's TwiML itself never holds it. Production: {@code store.PgVoiceScripts}.
 */
public interface VoiceScriptStore {

    /**
     * A call's script: the rendered template and the language it is written in ({@code locale}), heard only
     * after the keypress; {@code addressee} (first name) and {@code caller} (lender), said in the identity
     * prompt to whoever answers (either may be null).
     */
    record Script(String locale, String body, String addressee, String caller) {
    }

    /** Keeps (or replaces) the script of {@code taskId}'s attempt {@code attempt}. */
    Future<Void> keep(long taskId, int attempt, Script script);

    /** The script of that attempt; null when none was kept. */
    Future<Script> find(long taskId, int attempt);

    /** Held in this process only: for a single process (tests, the fake provider), lost on restart. */
    static VoiceScriptStore inMemory() {
        Map<String, Script> scripts = new ConcurrentHashMap<>();
        return new VoiceScriptStore() {
            @Override
            public Future<Void> keep(long taskId, int attempt, Script script) {
                scripts.put(taskId + ":" + attempt, script);
                return Future.succeededFuture();
            }

            @Override
            public Future<Script> find(long taskId, int attempt) {
                return Future.succeededFuture(scripts.get(taskId + ":" + attempt));
            }
        };
    }
}
