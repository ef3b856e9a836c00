package com.loandesk.testsupport;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny SMTP server with scripted answers to RCPT TO and to the final dot, for failures a real
 * server will not produce on demand. {@code null} as the final answer drops the connection instead;
 * {@link #silentAfterData()} takes the message and then says nothing until {@link #answerNow} is called.
 */
public final class ScriptedSmtpServer {

    private static final String SILENT = "(silent)";

    private final String rcptReply;
    private final String endOfDataReply;
    private final List<NetSocket> waiting = new CopyOnWriteArrayList<>();
    private final Promise<Void> messageReceived = Promise.promise();
    private final AtomicInteger messages = new AtomicInteger();
    private NetServer server;

    public ScriptedSmtpServer(String rcptReply, String endOfDataReply) {
        this.rcptReply = rcptReply;
        this.endOfDataReply = endOfDataReply;
    }

    /** A relay that accepts the whole message and then goes silent: no reply to the final dot. */
    public static ScriptedSmtpServer silentAfterData() {
        return new ScriptedSmtpServer("250 2.1.5 OK", SILENT);
    }

    /** Completes when the first message's final dot has arrived. */
    public Future<Void> messageReceived() {
        return messageReceived.future();
    }

    /** Messages whose final dot arrived. */
    public int messages() {
        return messages.get();
    }

    /** The late answer of a silent relay: {@code reply} to every message still waiting for one. */
    public void answerNow(String reply) {
        for (NetSocket s : waiting) {
            s.write(reply + "\r\n");
        }
        waiting.clear();
    }

    public Future<ScriptedSmtpServer> start(Vertx vertx) {
        return vertx.createNetServer().connectHandler(this::session).listen(0).map(s -> {
            server = s;
            return this;
        });
    }

    public int port() {
        return server.actualPort();
    }

    public Future<Void> close() {
        return server.close();
    }

    private void session(NetSocket socket) {
        boolean[] inData = {false};
        socket.write("220 scripted ESMTP\r\n");
        socket.handler(RecordParser.newDelimited("\r\n", line -> {
            String cmd = line.toString().toUpperCase(Locale.ROOT);
            if (inData[0]) {
                if (line.toString().equals(".")) {
                    inData[0] = false;
                    messages.incrementAndGet();
                    messageReceived.tryComplete();
                    if (SILENT.equals(endOfDataReply)) {
                        waiting.add(socket);
                    } else if (endOfDataReply == null) {
                        socket.close();
                    } else {
                        socket.write(endOfDataReply + "\r\n");
                    }
                }
                return;
            }
            if (cmd.startsWith("EHLO") || cmd.startsWith("HELO")) {
                socket.write("250-scripted\r\n250 8BITMIME\r\n");
            } else if (cmd.startsWith("MAIL FROM")) {
                socket.write("250 2.1.0 OK\r\n");
            } else if (cmd.startsWith("RCPT TO")) {
                socket.write(rcptReply + "\r\n");
            } else if (cmd.startsWith("DATA")) {
                inData[0] = true;
                socket.write("354 go ahead\r\n");
            } else if (cmd.startsWith("RSET") || cmd.startsWith("NOOP")) {
                socket.write("250 OK\r\n");
            } else if (cmd.startsWith("QUIT")) {
                socket.write("221 bye\r\n").onComplete(ar -> socket.close());
            } else {
                socket.write("502 not implemented\r\n");
            }
        }));
        socket.exceptionHandler(e -> { });
    }

}
