package com.loandesk.start;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.store.DatabaseLocator;
import com.loandesk.store.DatabaseTarget;
import com.loandesk.testsupport.TestDatabase;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The demo (conf/demo.yaml, what scripts/run starts) in a child JVM, in a fresh database of its own. */
class DemoStartIT {

    private final DatabaseTarget db = TestDatabase.target().withDatabase("loandesk_demo_" + ProcessHandle.current().pid());

    @AfterEach
    void drop() {
        try (Connection c = DriverManager.getConnection(db.withDatabase("postgres").jdbcUrl(), db.user(), db.password());
             var st = c.createStatement()) {
            st.execute("drop database if exists \"" + db.database() + "\" with (force)");
        } catch (Exception ignored) {
            // best effort
        }
    }

    @Test
    void the_demo_listens_on_localhost_only_and_says_where_the_pages_are_and_how_to_log_in() throws Exception {
        DatabaseLocator.createDatabaseIfMissing(db);
        int port = ChildService.freePort();
        try (ChildService child = ChildService.start("demo-start", "conf/demo.yaml", Map.of("DATABASE_URL", ChildService.databaseUrl(db),
                "PORT", String.valueOf(port), "LOANDESK_DEMO_PASSWORD", "demo-password-localhost"))) {
            child.awaitLog("demo ready", Duration.ofSeconds(90));
            String log = child.log();
            assertTrue(log.contains("listening address=127.0.0.1 port=" + port), log);
            assertTrue(log.contains("demo ready pages=http://127.0.0.1:" + port + "/app/ login=scheduler, collector or compliance "
                    + "with the password demo-password-localhost"), log);
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            }
            Optional<InetAddress> outside = outsideAddress();
            if (outside.isPresent()) {
                assertThrows(java.io.IOException.class, () -> {
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress(outside.get(), port), 2000);
                    }
                }, "not reachable at " + outside.get());
            }
            child.terminate();
            assertEquals(0, child.exitWithin(Duration.ofSeconds(10)), child.log());
        }
    }

    /** This machine's first non-loopback IPv4 address, if it has one. */
    private static Optional<InetAddress> outsideAddress() throws Exception {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (a instanceof Inet4Address) {
                    return Optional.of(a);
                }
            }
        }
        return Optional.empty();
    }
}
