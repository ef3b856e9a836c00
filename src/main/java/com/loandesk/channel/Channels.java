package com.loandesk.channel;

import com.loandesk.rules.Channel;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The channel for each medium. */
public final class Channels {

    private final Map<Channel, ContactChannel> byChannel = new EnumMap<>(Channel.class);

    public Channels(List<ContactChannel> channels) {
        for (ContactChannel c : channels) {
            byChannel.put(c.channel(), c);
        }
    }

    public java.util.Collection<ContactChannel> all() {
        return byChannel.values();
    }

    public ContactChannel of(Channel channel) {
        ContactChannel c = byChannel.get(channel);
        if (c == null) {
            throw new IllegalStateException("no channel configured for " + channel.code());
        }
        return c;
    }
}
