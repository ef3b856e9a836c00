package com.loandesk.channel.twilio;

import com.twilio.http.HttpClient;
import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import java.net.URI;
import java.time.Duration;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.Timeout;

/**
 * A twilio-java HTTP client that sends every request to a configurable base URL (the real API, or a
 * local fake) and makes exactly one attempt per request. twilio-java's own {@code reliableRequest}
 * repeats any 5xx three times, POSTs included, which can send the same SMS or place the same call
 * three times; here a 5xx comes back to the caller, who treats it as ambiguous.
 * Apache HttpClient's automatic retries are switched off for the same reason.
 */
public final class RebasingHttpClient extends HttpClient {

    private final String base;
    private final HttpClient delegate;

    /**
     * @param base           scheme, host and port (and an optional path prefix) every request goes to
     * @param requestTimeout the connect and response time-out
     * @param connections    the connection pool size; match it to the worker pool
     */
    public RebasingHttpClient(URI base, Duration requestTimeout, int connections) {
        String b = base.toString();
        this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
        Timeout timeout = Timeout.ofMilliseconds(requestTimeout.toMillis());
        var pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(timeout)
                        .setSocketTimeout(timeout)
                        .build())
                .setMaxConnPerRoute(connections)
                .setMaxConnTotal(connections)
                .build();
        HttpClientBuilder builder = HttpClientBuilder.create()
                .setConnectionManager(pool)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(timeout)
                        .setResponseTimeout(timeout)
                        .build())
                .disableAutomaticRetries();
        this.delegate = new NetworkHttpClient(builder);
    }

    @Override
    public Response makeRequest(Request in) {
        return delegate.makeRequest(rebase(in));
    }

    /** One attempt, whatever the status: no hidden retries of POSTs. */
    @Override
    public Response reliableRequest(Request request) {
        return makeRequest(request);
    }

    @Override
    public Response reliableRequest(Request request, int[] retryCodes, int retries, long delayMillis) {
        return makeRequest(request);
    }

    /** The same request, aimed at {@code base} + the original path. */
    Request rebase(Request in) {
        URI original = URI.create(in.constructURL().toString());
        Request out = new Request(in.getMethod(), base + original.getRawPath());
        in.getPostParams().forEach((k, vs) -> vs.forEach(v -> out.addPostParam(k, v)));
        in.getQueryParams().forEach((k, vs) -> vs.forEach(v -> out.addQueryParam(k, v)));
        in.getHeaderParams().forEach((k, vs) -> vs.forEach(v -> out.addHeaderParam(k, v)));
        if (in.getContentType() != null) {
            out.setContentType(in.getContentType());
        }
        if (in.getBody() != null) {
            out.setBody(in.getBody());
        }
        if (in.getFormParameters() != null && !in.getFormParameters().isEmpty()) {
            out.setFormParameters(in.getFormParameters());
        }
        if (in.getUserAgentExtensions() != null) {
            out.setUserAgentExtensions(in.getUserAgentExtensions());
        }
        if (in.getAuthStrategy() != null) {
            out.setAuth(in.getAuthStrategy());
        } else if (in.getUsername() != null) {
            out.setAuth(in.getUsername(), in.getPassword());
        }
        return out;
    }
}
