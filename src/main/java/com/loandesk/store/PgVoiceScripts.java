package com.loandesk.store;

import com.loandesk.channel.twilio.VoiceScriptStore;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/** {@link VoiceScriptStore} in table {@code voice_script}, so any instance can answer the keypress. */
public final class PgVoiceScripts implements VoiceScriptStore {

    static final String KEEP = """
            insert into voice_script (task_id, attempt, locale, body, addressee, caller) values ($1, $2, $3, $4, $5, $6)
            on conflict (task_id, attempt) do update
               set locale = excluded.locale, body = excluded.body, addressee = excluded.addressee, caller = excluded.caller
            """;
    static final String FIND = "select locale, body, addressee, caller from voice_script where task_id = $1 and attempt = $2";

    private final Pool pool;

    public PgVoiceScripts(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Future<Void> keep(long taskId, int attempt, Script script) {
        return pool.preparedQuery(KEEP).execute(Tuple.of(taskId, attempt, script.locale(), script.body(), script.addressee(), script.caller())).mapEmpty();
    }

    @Override
    public Future<Script> find(long taskId, int attempt) {
        return pool.preparedQuery(FIND).execute(Tuple.of(taskId, attempt)).map(rows -> {
            if (rows.size() == 0) {
                return null;
            }
            Row r = rows.iterator().next();
            return new Script(r.getString("locale"), r.getString("body"), r.getString("addressee"), r.getString("caller"));
        });
    }
}
