package com.loandesk.demo;

import com.loandesk.config.ConfigException;
import com.loandesk.store.DatabaseTarget;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * Keeps the demo the demo. It refuses to run with real Twilio credentials in the environment (its made-up
 * borrowers only ever go to the built-in fake), and to load into a database that holds any borrower that is not
 * one of its own ({@code DEMO-} external ids): its approved templates and cadences would reach them.
 */
public final class DemoGuard {

    /** Variables that mean a real Twilio account is at hand. */
    static final List<String> TWILIO_CREDENTIALS = List.of("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_API_KEY",
            "TWILIO_API_SECRET");

    private DemoGuard() {
    }

    /** Throws naming the first Twilio credential set in {@code env}. */
    public static void checkEnvironment(Map<String, String> env) {
        for (String name : TWILIO_CREDENTIALS) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                throw new ConfigException("the demo refuses to run with " + name + " set: its made-up borrowers only ever go to "
                        + "the built-in Twilio fake. Unset it, or run the production configuration (conf/application.yaml)");
            }
        }
    }

    /**
     * Throws when {@code target} holds a borrower that is not the demo's. Runs before the migrations, so the demo
     * never touches the schema of someone else's database. Blocking (JDBC): call it before Vert.x starts.
     */
    public static void checkDatabase(DatabaseTarget target) {
        try (Connection c = DriverManager.getConnection(target.jdbcUrl(), target.user(), target.password());
             var st = c.createStatement()) {
            try (var table = st.executeQuery("select to_regclass('borrower') is not null")) {
                table.next();
                if (!table.getBoolean(1)) {
                    return;   // a fresh database
                }
            }
            long others;
            try (var rs = st.executeQuery("select count(*) from borrower where external_id not like 'DEMO-%'")) {
                rs.next();
                others = rs.getLong(1);
            }
            if (others > 0) {
                throw new IllegalStateException("the demo refuses to load into " + target.description() + ": it holds " + others
                        + " borrower(s) that are not the demo's. Give the demo a database of its own");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot check " + target.description() + " for the demo: " + e.getMessage(), e);
        }
    }
}
