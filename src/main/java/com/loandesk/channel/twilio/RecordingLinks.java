package com.loandesk.channel.twilio;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which recording URLs from a callback may be stored and shown as a link: only the account's own recordings on the
 * configured Twilio API host ({@code TWILIO_API_BASE_URL}, https://api.twilio.com by default): the same scheme (https,
 * unless the configured host is a local fake over http), the same host and port, no user info, query or fragment, and
 * the path {@code /2010-04-01/Accounts/<this account>/Recordings/RE…} (optionally {@code .mp3} or {@code .wav}).
 * Anything else (another host, {@code javascript:}, another account) is not a link this service hands to a person.
 */
public final class RecordingLinks {

    private final URI apiBase;
    private final Pattern path;

    private RecordingLinks(URI apiBase, String accountSid) {
        this.apiBase = apiBase;
        this.path = Pattern.compile("/2010-04-01/Accounts/" + Pattern.quote(accountSid) + "/Recordings/RE[0-9a-fA-F]{32}(\\.mp3|\\.wav)?");
    }

    public static RecordingLinks of(TwilioSettings settings) {
        return new RecordingLinks(settings.apiBaseUrl(), settings.accountSid());
    }

    /** True when {@code url} is one of the account's recordings on the configured API host. */
    public boolean accepts(String url) {
        if (url == null || url.length() > 512) {
            return false;
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return false;
        }
        return uri.getScheme() != null && uri.getScheme().toLowerCase(Locale.ROOT).equals(apiBase.getScheme().toLowerCase(Locale.ROOT))
                && uri.getHost() != null && uri.getHost().equalsIgnoreCase(apiBase.getHost())
                && port(uri) == port(apiBase)
                && uri.getRawUserInfo() == null && uri.getRawQuery() == null && uri.getRawFragment() == null
                && uri.getRawPath() != null && path.matcher(uri.getRawPath()).matches();
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
