package com.loandesk.rnd;

import com.loandesk.rules.RndResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real adapter: DNCScrub's "RND Basic" API (Contact Center Compliance, a caller agent of the FCC Reassigned
 * Numbers Database; docs.dncscrub.com/api-reference/reassigned/rnd-basic-get). The FCC's own RND interface is given
 * to registered callers only and is not published where we could read it; a lender with another agent implements
 * {@link ReassignedNumbers} instead.
 *
 * <p>Wire shape: {@code GET {base}/v1.5/Data/RNDBasic?phoneNumber=<10 digits>&date=<YYYYMMDD>} with the header
 * {@code loginId: <API key>}; the answer {@code {"PhoneNumber":"…","IsReassigned":true|false|null,"HasSafeHarbor":…}}:
 * true reassigned, false not reassigned, null no data. One request per number, one at a time (the API allows 50 a
 * minute), each with its own time-out; a 401 or 403 stops the batch (the credential is refused), any other failure
 * skips that number.
 */
public final class DncScrubRnd implements ReassignedNumbers {

    private static final Logger LOG = LoggerFactory.getLogger(DncScrubRnd.class);
    static final String PATH = "/v1.5/Data/RNDBasic";
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    private final WebClient client;
    private final URI base;
    private final String apiKey;
    private final Duration timeout;

    private DncScrubRnd(WebClient client, URI base, String apiKey, Duration timeout) {
        this.client = client;
        this.base = base;
        this.apiKey = apiKey;
        this.timeout = timeout;
    }

    /** An adapter aimed at {@code baseUrl} (https://dataapi.dncscrub.com, or a local fake in tests and the demo). */
    public static DncScrubRnd create(Vertx vertx, String baseUrl, String apiKey, Duration timeout) {
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("the RND adapter needs an API key (RND_API_KEY)");
        }
        URI base = URI.create(baseUrl);
        boolean tls = "https".equals(base.getScheme());
        WebClient client = WebClient.create(vertx, new WebClientOptions().setSsl(tls).setTrustAll(false)
                .setConnectTimeout((int) Math.min(timeout.toMillis(), Integer.MAX_VALUE)));
        return new DncScrubRnd(client, base, apiKey, timeout);
    }

    @Override
    public Future<List<Answer>> check(List<Query> queries) {
        List<Answer> answers = new ArrayList<>(queries.size());
        Future<Void> chain = Future.succeededFuture();
        for (Query q : queries) {
            chain = chain.compose(v -> ask(q).map(a -> {
                if (a != null) {
                    answers.add(a);
                }
                return null;
            }));
        }
        return chain.map(v -> answers);
    }

    /** The answer for one number; null when it could not be had (the number stays stale); failed when the key is refused. */
    private Future<Answer> ask(Query q) {
        String digits = q.number().startsWith("+1") ? q.number().substring(2) : q.number();
        String url = base.toString().replaceAll("/$", "") + PATH;
        return client.getAbs(url)
                .addQueryParam("phoneNumber", digits).addQueryParam("date", DAY.format(q.since()))
                .putHeader("loginId", apiKey).putHeader("Accept", "application/json")
                .timeout(timeout.toMillis())
                .send()
                .transform(ar -> {
                    if (ar.failed()) {
                        LOG.warn("rnd query failed number=…{} error={}", last4(q.number()), ar.cause().toString());
                        return Future.succeededFuture(null);
                    }
                    var r = ar.result();
                    if (r.statusCode() == 401 || r.statusCode() == 403) {
                        return Future.failedFuture(new IllegalStateException("the RND provider refused the API key (HTTP "
                                + r.statusCode() + ")"));
                    }
                    if (r.statusCode() != 200) {
                        LOG.warn("rnd query refused number=…{} status={}", last4(q.number()), r.statusCode());
                        return Future.succeededFuture(null);
                    }
                    try {
                        JsonObject body = r.bodyAsJsonObject();
                        if (body == null || !body.containsKey("IsReassigned")) {
                            throw new IllegalArgumentException("no IsReassigned");
                        }
                        Boolean reassigned = body.getBoolean("IsReassigned");
                        RndResult result = reassigned == null ? RndResult.NO_DATA
                                : reassigned ? RndResult.REASSIGNED : RndResult.NOT_REASSIGNED;
                        return Future.succeededFuture(new Answer(q.number(), result,
                                "dncscrub RNDBasic phoneNumber=" + digits + " date=" + DAY.format(q.since())));
                    } catch (RuntimeException e) {
                        LOG.warn("rnd answer unreadable number=…{} error={}", last4(q.number()), e.toString());
                        return Future.succeededFuture(null);
                    }
                });
    }

    public void close() {
        client.close();
    }

    private static String last4(String n) {
        return n.length() < 4 ? "" : n.substring(n.length() - 4);
    }
}
