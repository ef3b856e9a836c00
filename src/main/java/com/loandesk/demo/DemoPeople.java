package com.loandesk.demo;

import com.loandesk.auth.AccessStore;
import com.loandesk.auth.Role;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * People for the demo portfolio, so the web pages can be tried at once: a scheduler, a collector (with a
 * phone for click-to-call, and every third demo case assigned) and a compliance officer, all with the
 * password in {@code LOANDESK_DEMO_PASSWORD}. Without that variable nobody is created: a password is never
 * a default of the service itself (scripts/run sets one for localhost).
 */
public final class DemoPeople {

    private static final Logger LOG = LoggerFactory.getLogger(DemoPeople.class);
    public static final String PASSWORD_ENV = "LOANDESK_DEMO_PASSWORD";
    /** The password scripts/run sets when none is given (documented in the README: it is no secret). */
    static final String SCRIPTS_RUN_PASSWORD = "demo-password-localhost";
    /** The demo collector's own phone: the Twilio fake rings it first on click-to-call. */
    static final String COLLECTOR_PHONE = "+14155550100";

    private final AccessStore access;
    private final Pool pool;

    public DemoPeople(AccessStore access, Pool pool) {
        this.access = access;
        this.pool = pool;
    }

    /**
     * How to log in to the demo's pages, for its start-up line. The password is shown only when it is the one
     * scripts/run sets for localhost ({@link #SCRIPTS_RUN_PASSWORD}); any other stays in the environment.
     */
    public static String loginHint(Map<String, String> env) {
        String password = env.get(PASSWORD_ENV);
        if (password == null || password.isBlank()) {
            return "no demo users (set " + PASSWORD_ENV + " for scheduler, collector and compliance)";
        }
        return "scheduler, collector or compliance with the password "
                + (SCRIPTS_RUN_PASSWORD.equals(password) ? SCRIPTS_RUN_PASSWORD : "in " + PASSWORD_ENV);
    }

    /** Creates the missing demo users and assigns the collector's cases; answers how many users were created. */
    public Future<Integer> ensure(Map<String, String> env) {
        String password = env.get(PASSWORD_ENV);
        if (password == null || password.isBlank()) {
            return Future.succeededFuture(0);
        }
        List<Map.Entry<String, Role>> people = List.of(Map.entry("scheduler", Role.SCHEDULER),
                Map.entry("collector", Role.COLLECTOR), Map.entry("compliance", Role.COMPLIANCE));
        Future<Integer> created = Future.succeededFuture(0);
        for (Map.Entry<String, Role> p : people) {
            created = created.compose(n -> access.createUser(p.getKey(), p.getValue(), password, "demo")
                    .map(id -> id == null ? n : n + 1));
        }
        return created
                .compose(n -> pool.preparedQuery("update users set phone = $1 where username = 'collector' and phone is null")
                        .execute(Tuple.of(COLLECTOR_PHONE))
                        .compose(v -> pool.query("""
                                update collection_case set assigned_collector = 'collector'
                                 where external_id like 'DEMO-%' and assigned_collector is null and id % 3 = 0
                                """).execute())
                        .map(v -> n))
                .onSuccess(n -> LOG.info("demo people ensured created={} users=scheduler,collector,compliance", n));
    }
}
