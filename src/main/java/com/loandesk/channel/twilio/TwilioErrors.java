package com.loandesk.channel.twilio;

import com.loandesk.channel.SendResult;
import com.twilio.exception.ApiException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Set;
import javax.net.ssl.SSLHandshakeException;

/**
 * Maps what twilio-java throws to a {@link SendResult}. The rule: only an answer that proves the
 * request was not processed may be retried; anything that may have been processed is ambiguous.
 */
final class TwilioErrors {

    static final Duration RETRY_SOON = Duration.ofSeconds(30);
    private static final Set<Integer> OPTED_OUT = Set.of(21610);
    private static final Set<Integer> INVALID = Set.of(21211, 21612, 21614);
    /** Not processed: rate limits and queue overflows. */
    private static final Set<Integer> CAPACITY = Set.of(20429, 30001, 21611, 10004, 22005);

    private TwilioErrors() {
    }

    static SendResult classify(Throwable failure) {
        if (failure instanceof ApiException api) {
            Integer code = api.getCode();
            Integer status = api.getStatusCode();
            String codeText = code == null ? (status == null ? "IO" : "HTTP_" + status) : String.valueOf(code);
            if (code != null && OPTED_OUT.contains(code)) {
                return new SendResult.Rejected(codeText, "recipient opted out: " + api.getMessage(), SendResult.Suppression.OPTED_OUT);
            }
            if (code != null && INVALID.contains(code)) {
                return new SendResult.Rejected(codeText, "invalid or unroutable number: " + api.getMessage(), SendResult.Suppression.INVALID);
            }
            if ((code != null && CAPACITY.contains(code)) || (status != null && status == 429)) {
                // no floor of our own: the dispatcher backs off from dispatch.retryBaseMs, with jitter
                return new SendResult.RetryLater(codeText, "not processed (capacity): " + api.getMessage(), null);
            }
            if (status != null && status >= 500) {
                return new SendResult.Ambiguous("twilio answered " + status + " (" + codeText + "): " + api.getMessage());
            }
            if (status != null && (status == 401 || status == 403)) {
                return new SendResult.RetryLater(codeText, "twilio refused the credentials: " + api.getMessage(), RETRY_SOON);
            }
            if (status != null && status >= 400) {
                return new SendResult.Rejected(codeText, api.getMessage(), SendResult.Suppression.NONE);
            }
            if (status == null && api.getCause() != null) {
                return classifyIo(api.getCause());
            }
        }
        return new SendResult.Ambiguous("unexpected failure: " + failure);
    }

    /** An I/O failure without any HTTP answer: before the connection was made nothing was sent. */
    private static SendResult classifyIo(Throwable io) {
        for (Throwable t = io; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException
                    || t instanceof SSLHandshakeException
                    || t.getClass().getName().equals("org.apache.hc.client5.http.ConnectTimeoutException")
                    || t.getClass().getName().equals("org.apache.hc.client5.http.impl.classic.ConnectionRequestTimeoutException")
                    || t.getClass().getName().equals("org.apache.hc.core5.http.ConnectionRequestTimeoutException")) {
                // no connection, so no request: a free deferral, the task's attempt given back
                return new SendResult.NotStarted("CONNECT", "could not reach twilio: " + t, RETRY_SOON);
            }
            if (t instanceof SocketTimeoutException || t instanceof InterruptedIOException) {
                return new SendResult.Ambiguous("no answer from twilio within the time-out: " + t);
            }
        }
        return new SendResult.Ambiguous("connection failed after the request may have been sent: " + io);
    }
}
