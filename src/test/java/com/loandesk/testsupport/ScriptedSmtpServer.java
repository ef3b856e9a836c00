package com.loandesk.testsupport;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.util.Locale;

/**
 * A tiny SMTP server with scripted answers to RCPT TO and to the final dot, for failures a real
 * server will not produce on demand. {@code null} as the final answer drops the connection instead.
 */
public final class ScriptedSmtpServer {

    private final String rcptReply;
    private final String endOfDataReply;
    private NetServer server;

    public ScriptedSmtpServer(String rcptReply, String endOfDataReply) {
        this.rcptReply = rcptReply;
        this.endOfDataReply = endOfDataReply;
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
                    if (endOfDataReply == null) {
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
