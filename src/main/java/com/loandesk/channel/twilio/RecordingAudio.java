package com.loandesk.channel.twilio;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A call recording's audio, fetched from Twilio with the account's credentials and streamed to a person's browser
 * (Twilio's media URL answers 401 to a browser: it needs the account's Basic authentication). Only the account's own
 * recordings on the configured API host ({@link RecordingLinks}) are fetched; the browser's Range is passed on, so
 * seeking works; the stream respects the browser's pace (back-pressure), and the request has a deadline.
 */
public final class RecordingAudio {

    private final HttpClient client;
    private final RecordingLinks links;
    private final String authorization;
    private final long timeoutMs;

    private RecordingAudio(HttpClient client, RecordingLinks links, String authorization, long timeoutMs) {
        this.client = client;
        this.links = links;
        this.authorization = authorization;
        this.timeoutMs = timeoutMs;
    }

    public static RecordingAudio create(Vertx vertx, TwilioSettings settings) {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setSsl("https".equalsIgnoreCase(settings.apiBaseUrl().getScheme()))
                .setConnectTimeout((int) settings.requestTimeout().toMillis()));
        String basic = "Basic " + Base64.getEncoder().encodeToString(
                (settings.accountSid() + ":" + settings.authToken()).getBytes(StandardCharsets.UTF_8));
        return new RecordingAudio(client, RecordingLinks.of(settings), basic, settings.requestTimeout().toMillis());
    }

    /** What went wrong fetching a recording: its status from Twilio (or 0 when Twilio did not answer). */
    public static final class Unavailable extends RuntimeException {
        private final int status;

        Unavailable(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /**
     * Streams the MP3 of {@code recordingUrl} (a stored link: {@link RecordingLinks#accepts}) into {@code response}, the
     * browser's {@code range} passed on (null: all of it). Fails with {@link Unavailable}, writing nothing, when
     * Twilio does not answer 200 or 206 in time.
     */
    public Future<Void> streamTo(String recordingUrl, String range, HttpServerResponse response) {
        if (!links.accepts(recordingUrl)) {
            return Future.failedFuture(new Unavailable(0, "not a recording of this account"));
        }
        String url = recordingUrl.endsWith(".mp3") || recordingUrl.endsWith(".wav") ? recordingUrl : recordingUrl + ".mp3";
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url).setTimeout(timeoutMs)
                .putHeader(HttpHeaders.AUTHORIZATION, authorization);
        if (range != null && !range.isBlank()) {
            options.putHeader("Range", range);
        }
        return client.request(options).compose(req -> req.send()).compose(media -> relay(media, response));
    }

    private static Future<Void> relay(HttpClientResponse media, HttpServerResponse response) {
        if (media.statusCode() != 200 && media.statusCode() != 206) {
            return media.body().transform(ignored -> Future.failedFuture(
                    new Unavailable(media.statusCode(), "Twilio answered " + media.statusCode() + " for the recording")));
        }
        response.setStatusCode(media.statusCode());
        String type = media.getHeader(HttpHeaders.CONTENT_TYPE);
        response.putHeader(HttpHeaders.CONTENT_TYPE, type == null ? "audio/mpeg" : type);
        for (CharSequence h : new CharSequence[] {HttpHeaders.CONTENT_LENGTH, HttpHeaders.CONTENT_RANGE, HttpHeaders.ACCEPT_RANGES}) {
            String value = media.getHeader(h);
            if (value != null) {
                response.putHeader(h, value);
            }
        }
        if (response.headers().get(HttpHeaders.CONTENT_LENGTH) == null) {
            response.setChunked(true);
        }
        return media.pipeTo(response);
    }

    public Future<Void> close() {
        return client.close();
    }
}
