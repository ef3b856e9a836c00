package com.loandesk.channel.email;

import com.loandesk.channel.ContactChannel;
import com.loandesk.channel.OutboundContact;
import com.loandesk.channel.SendResult;
import com.loandesk.channel.twilio.ChannelGuard;
import com.loandesk.rules.Channel;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.SMTPException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * E-mail through an SMTP relay with vertx-mail-client (non-blocking), text and HTML bodies.
 * Outcomes by SMTP phase:
 * <ul>
 *   <li>accepted: {@code Accepted} with the Message-ID as the provider reference;</li>
 *   <li>a permanent (5xx) reply to RCPT TO: {@code Rejected(INVALID)}; a transient one: {@code RetryLater};</li>
 *   <li>no connection, TLS or login trouble, MAIL FROM or DATA refused — all before any content
 *       was handed over: {@code RetryLater};</li>
 *   <li>any error once the message content was sent (a reply to the final dot, a dropped connection,
 *       a time-out) and anything not known to be earlier: {@code Ambiguous}, never resent blindly.</li>
 * </ul>
 * Every wait has a deadline: the connect time-out, and the read time-out, which closes a connection on which the
 * relay has said nothing for that long (a relay that accepts and goes silent). Sends go through a
 * {@link ChannelGuard} like Twilio's: a rate, a zero-wait bulkhead the size of the connection pool, a breaker.
 */
public final class SmtpEmailChannel implements ContactChannel {

    private static final Logger LOG = LoggerFactory.getLogger(SmtpEmailChannel.class);
    private static final Duration RETRY = Duration.ofMinutes(1);
    /** The longest {@link #close} waits for the client: a part of the service's stop budget. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(1);

    private final Vertx vertx;
    private final SmtpSettings settings;
    private final MailClient client;
    private final ChannelGuard guard;

    public SmtpEmailChannel(Vertx vertx, SmtpSettings settings) {
        this.vertx = vertx;
        this.settings = settings;
        MailConfig config = new MailConfig()
                .setHostname(settings.host())
                .setPort(settings.port())
                .setStarttls(settings.starttls())
                .setSsl(settings.ssl())
                .setMaxPoolSize(settings.maxPoolSize())
                .setKeepAlive(true)
                .setLogin(settings.username() == null ? LoginOption.DISABLED : LoginOption.REQUIRED);
        config.setConnectTimeout(settings.connectTimeoutMs());
        // a silent relay: the connection is closed once nothing has come for readTimeoutMs (a reply awaited included);
        // pooled connections are let go before that, so an idle one is never closed under a new send
        config.setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
        config.setIdleTimeout(settings.readTimeoutMs());
        config.setKeepAliveTimeoutUnit(TimeUnit.MILLISECONDS);
        config.setKeepAliveTimeout(Math.max(50, settings.readTimeoutMs() / 2));
        config.setPoolCleanerPeriodUnit(TimeUnit.MILLISECONDS);
        config.setPoolCleanerPeriod(Math.max(25, Math.min(1000, settings.readTimeoutMs() / 4)));
        if (settings.username() != null) {
            config.setUsername(settings.username()).setPassword(settings.password());
        }
        this.client = MailClient.create(vertx, config);
        this.guard = ChannelGuard.of(vertx, "smtp-" + settings.host(), settings.perSecond(), settings.maxPoolSize(),
                Duration.ofMillis(settings.breakerOpenMs()), Duration.ofSeconds(2));
    }

    @Override
    public Channel channel() {
        return Channel.EMAIL;
    }

    @Override
    public Future<SendResult> send(OutboundContact contact) {
        String text = contact.body() != null && !contact.body().isBlank() ? contact.body() : "Payment reminder (" + contact.template() + ")";
        if (!MailHeaders.address(contact.to())) {
            // a line break or any other character that could end the To header: never sent, the address marked invalid
            return Future.succeededFuture(new SendResult.Rejected("INVALID_HEADER",
                    "the address is not a plain local@domain (a line break or a control character cannot go into a header)",
                    SendResult.Suppression.INVALID));
        }
        String subject = contact.subject() == null ? "" : MailHeaders.text(contact.subject());
        MailMessage message = new MailMessage()
                .setFrom(settings.fromAddress())
                .setTo(contact.to())
                .setSubject(!subject.isEmpty() ? subject : "Payment reminder")
                .setText(text)
                .setHtml(html(text));
        return guard.run(() -> client.sendMail(message)
                .map(r -> (SendResult) new SendResult.Accepted(r.getMessageID(), "accepted"))
                .otherwise(SmtpEmailChannel::classify)
                .onSuccess(r -> LOG.info("email sent task={} attempt={} to={} result={}", contact.taskId(), contact.attempt(),
                        contact.maskedTo(), r.getClass().getSimpleName())));
    }

    @Override
    public int startable() {
        return guard.startable();
    }

    @Override
    public int maxInFlight() {
        return guard.maxInFlight();
    }

    @Override
    public boolean accepting() {
        return guard.accepting();
    }

    /**
     * Closes the client, waiting at most {@link #CLOSE_WAIT} (or the read time-out, when shorter): a connection stuck
     * on a silent relay is left to its read time-out rather than holding the service's stop, whose whole budget is a
     * few seconds (the send itself is already settled by the dispatcher's send deadline).
     */
    public Future<Void> close() {
        Promise<Void> closed = Promise.promise();
        long waitMs = Math.min(settings.readTimeoutMs(), CLOSE_WAIT.toMillis());
        long timer = vertx.setTimer(waitMs, id -> {
            if (closed.tryComplete()) {
                LOG.warn("smtp client close did not finish within {} ms; its stuck connections are left to the read time-out", waitMs);
            }
        });
        client.close().onComplete(ar -> {
            vertx.cancelTimer(timer);
            closed.tryComplete();
        });
        return closed.future();
    }

    static SendResult classify(Throwable e) {
        if (e instanceof SMTPException smtp) {
            String m = String.valueOf(smtp.getMessage());
            String code = String.valueOf(smtp.getReplyCode());
            if (m.startsWith("recipient address not accepted") || m.startsWith("no recipient addresses were accepted")) {
                return smtp.isPermanent()
                        ? new SendResult.Rejected(code, "recipient refused: " + smtp.getReplyMessage(), SendResult.Suppression.INVALID)
                        : new SendResult.RetryLater(code, "recipient deferred: " + smtp.getReplyMessage(), RETRY);
            }
            if (m.startsWith("sending data failed")) {
                return new SendResult.Ambiguous("SMTP error after the message content was sent: " + code + " " + smtp.getReplyMessage());
            }
            // greeting, EHLO, STARTTLS, AUTH, MAIL FROM or the DATA command itself: no content was handed over
            return new SendResult.RetryLater(code, "SMTP refused before DATA: " + m, RETRY);
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof SSLException) {
                // no connection, so nothing handed over: a free deferral, the task's attempt given back
                return new SendResult.NotStarted("CONNECT", "could not reach the SMTP relay: " + t.getMessage(), RETRY);
            }
        }
        return new SendResult.Ambiguous("SMTP failure, the message may have been accepted: " + e);
    }

    /** The text body as minimal HTML: escaped, paragraphs and line breaks kept. */
    static String html(String text) {
        String escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
        StringBuilder out = new StringBuilder("<!doctype html><html><body>");
        for (String paragraph : escaped.split("\\R{2,}")) {
            out.append("<p>").append(paragraph.replaceAll("\\R", "<br>")).append("</p>");
        }
        return out.append("</body></html>").toString();
    }
}
