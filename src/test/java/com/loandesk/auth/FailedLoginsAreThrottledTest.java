package com.loandesk.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.config.LoginConfig;
import com.loandesk.testsupport.ApiHarness;
import com.loandesk.testsupport.Await;
import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.SettableClock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Failed logins are throttled by username and by client address, with growing delays, in PostgreSQL (so every
 * instance sees the same counts); passwords are checked on a bounded pool of their own. Time is the injected clock.
 */
class FailedLoginsAreThrottledTest {

    private static final String RIGHT = "the right passphrase";
    private final Vertx vertx = Vertx.vertx();
    private final SettableClock clock = SettableClock.at("2026-11-24T12:00:00Z");
    private ApiHarness api;

    /** username 5 free failures, address 1000 (so only the username counts unless a test says otherwise), 1 s doubling to 60 s. */
    private static LoginConfig config(int addressFree, int threads, int queue) {
        return LoginConfig.from(new JsonObject().put("login", new JsonObject().put("hashThreads", threads).put("hashQueue", queue)
                .put("usernameFreeFailures", 5).put("addressFreeFailures", addressFree).put("firstDelayMs", 1000)
                .put("maxDelaySeconds", 60)));
    }

    private void start(LoginConfig login) {
        api = ApiHarness.start(vertx, clock, ApiHarness.settings().withLogin(login));
        Await.result(api.access.createUser("dave", Role.COLLECTOR, RIGHT, "test"));
    }

    @AfterEach
    void stop() {
        if (api != null) {
            api.close();
        }
        Await.result(vertx.close());
    }

    @Test
    void wrong_passwords_past_the_free_ones_wait_growing_delays_and_the_right_one_waits_too() {
        start(config(1000, 2, 16));
        for (int i = 1; i <= 5; i++) {
            assertEquals(401, api.login("dave", "wrong " + i).statusCode(), "free failure " + i);
        }
        // the 6th is checked (and fails), and from now on each failure doubles the wait: 1 s, 2 s, 4 s ...
        assertEquals(401, api.login("dave", "wrong 6").statusCode());
        HttpResponse<Buffer> throttled = api.login("DAVE", RIGHT);
        assertEquals(429, throttled.statusCode(), "the username is throttled in any case, and the right password waits too");
        assertEquals("1", throttled.getHeader("Retry-After"));
        assertEquals("too_many_requests", throttled.bodyAsJsonObject().getString("error"));
        assertTrue(throttled.bodyAsJsonObject().getString("message").contains("try again in 1 s"), throttled.bodyAsString());
        clock.tick(Duration.ofMillis(999));
        assertEquals(429, api.login("dave", RIGHT).statusCode());

        clock.tick(Duration.ofMillis(1));
        assertEquals(401, api.login("dave", "wrong 7").statusCode());
        assertEquals("2", api.login("dave", RIGHT).getHeader("Retry-After"));
        clock.tick(Duration.ofSeconds(2));
        assertEquals(401, api.login("dave", "wrong 8").statusCode());
        assertEquals("4", api.login("dave", RIGHT).getHeader("Retry-After"));
        assertEquals(8, Fixtures.count("select count(*) from access_audit where action = 'login_failed'"),
                "every checked failure is audited; throttled attempts are not checked");

        clock.tick(Duration.ofSeconds(4));
        assertEquals(200, api.login("dave", RIGHT).statusCode(), "after the delay the right password logs in");
        for (int i = 1; i <= 5; i++) {
            assertEquals(401, api.login("dave", "again " + i).statusCode(), "a login forgets the username's failures: free again " + i);
        }
    }

    @Test
    void forty_wrong_passwords_then_the_right_one_is_refused_without_waiting_out_the_delays() {
        start(config(1000, 2, 16));
        int checked = 0;
        int throttled = 0;
        for (int i = 0; i < 40; i++) {
            int status = api.login("dave", "guess " + i).statusCode();
            checked += status == 401 ? 1 : 0;
            throttled += status == 429 ? 1 : 0;
        }
        assertEquals(6, checked, "5 free failures and the one that started the delay");
        assertEquals(34, throttled);
        assertEquals(429, api.login("dave", RIGHT).statusCode());
    }

    @Test
    void one_address_trying_many_usernames_is_throttled_by_its_address() {
        start(config(3, 2, 16));
        assertEquals(401, api.login("u1", "x").statusCode());
        assertEquals(401, api.login("u2", "x").statusCode());
        assertEquals(401, api.login("u3", "x").statusCode());
        assertEquals(401, api.login("u4", "x").statusCode(), "the 4th is checked and starts the address's delay");
        HttpResponse<Buffer> r = api.login("dave", RIGHT);
        assertEquals(429, r.statusCode(), "another username from the same address waits too");
        assertEquals("1", r.getHeader("Retry-After"));
        clock.tick(Duration.ofSeconds(1));
        assertEquals(200, api.login("dave", RIGHT).statusCode());
    }

    @Test
    void parallel_wrong_logins_for_one_username_never_get_more_checks_than_the_throttle_allows() {
        start(config(1000, 4, 40));
        List<Future<HttpResponse<Buffer>>> all = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            all.add(api.request(HttpMethod.POST, "/api/login", null).putHeader("Origin", api.origin())
                    .sendJsonObject(new JsonObject().put("username", "dave").put("password", "parallel " + i)));
        }
        Await.result(Future.join(all));
        long checked = all.stream().filter(f -> f.result().statusCode() == 401).count();
        long throttled = all.stream().filter(f -> f.result().statusCode() == 429).count();
        assertEquals(6, checked, "each attempt is counted under the row lock before its check: no attempt slips in between");
        assertEquals(24, throttled);
    }

    @Test
    void two_instances_on_one_database_share_the_counts() {
        start(config(1000, 2, 16));
        AccessStore other = AccessStore.create(vertx, api.pool, clock, config(1000, 2, 16));
        for (int i = 0; i < 6; i++) {
            AccessStore which = i % 2 == 0 ? api.access : other;
            assertInstanceOf(AccessStore.WrongCredentials.class,
                    Await.result(which.login("dave", "wrong " + i, Duration.ofHours(1), "192.0.2.1")));
        }
        assertInstanceOf(AccessStore.Throttled.class, Await.result(api.access.login("dave", RIGHT, Duration.ofHours(1), "192.0.2.2")));
        assertInstanceOf(AccessStore.Throttled.class, Await.result(other.login("dave", RIGHT, Duration.ofHours(1), "192.0.2.3")));
    }

    @Test
    void a_login_flood_beyond_the_slots_is_refused_503_at_once() {
        start(config(1000, 1, 0));
        List<Future<HttpResponse<Buffer>>> all = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            all.add(api.request(HttpMethod.POST, "/api/login", null).putHeader("Origin", api.origin())
                    .sendJsonObject(new JsonObject().put("username", "flood" + i).put("password", "x")));
        }
        Await.result(Future.join(all));
        List<HttpResponse<Buffer>> busy = all.stream().map(Future::result).filter(r -> r.statusCode() == 503).toList();
        assertTrue(!busy.isEmpty(), "30 logins at once on one slot: some are refused");
        assertTrue(all.stream().allMatch(f -> f.result().statusCode() == 401 || f.result().statusCode() == 503));
        assertEquals("1", busy.get(0).getHeader("Retry-After"));
        assertEquals("unavailable", busy.get(0).bodyAsJsonObject().getString("error"));
        assertEquals(30 - busy.size(), Fixtures.count("select count(*) from access_audit where action = 'login_failed'"),
                "a refused login touched nothing");
    }

    @Test
    void the_hashing_pool_holds_no_more_than_its_threads_and_queue_and_refuses_the_next_at_once() throws Exception {
        HashingPool pool = HashingPool.create(vertx, 1, 1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        Future<String> first = pool.withSlot(slot -> slot.hash(() -> {
            running.countDown();
            assertTrue(release.await(10, TimeUnit.SECONDS));
            return Thread.currentThread().getName();
        }));
        assertTrue(running.await(10, TimeUnit.SECONDS));
        Future<String> queued = pool.withSlot(slot -> slot.hash(() -> "queued"));
        Future<String> third = pool.withSlot(slot -> slot.hash(() -> "never"));
        assertTrue(third.failed(), "refused at once, not queued");
        assertInstanceOf(HashingPool.Full.class, third.cause());
        release.countDown();
        assertTrue(Await.result(first).startsWith("loandesk-login-hash-"), "hashed on the login's own threads");
        assertEquals("queued", Await.result(queued));
        assertEquals("again", Await.result(pool.withSlot(slot -> slot.hash(() -> "again"))), "slots come back");
    }
}
