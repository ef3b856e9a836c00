package com.loandesk.testsupport;

import com.loandesk.channel.ContactChannel;
import com.loandesk.channel.OutboundContact;
import com.loandesk.channel.SendResult;
import com.loandesk.rules.Channel;
import io.vertx.core.Future;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An in-process provider for dispatch tests that keeps every contact it was handed. */
public final class RecordingChannel implements ContactChannel {

    private final Channel channel;
    private final List<OutboundContact> sent = new CopyOnWriteArrayList<>();

    public RecordingChannel(Channel channel) {
        this.channel = channel;
    }

    public static List<ContactChannel> all() {
        return List.of(new RecordingChannel(Channel.SMS), new RecordingChannel(Channel.VOICE), new RecordingChannel(Channel.EMAIL));
    }

    @Override
    public Channel channel() {
        return channel;
    }

    @Override
    public Future<SendResult> send(OutboundContact contact) {
        sent.add(contact);
        return Future.succeededFuture(new SendResult.Accepted("REC" + contact.taskId() + "-" + contact.attempt(), "queued"));
    }

    public List<OutboundContact> sent() {
        return sent;
    }
}
