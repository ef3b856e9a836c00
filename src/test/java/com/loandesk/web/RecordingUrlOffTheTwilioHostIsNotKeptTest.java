package com.loandesk.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.loandesk.channel.twilio.TwilioSettings;
import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.TwilioIds;
import com.loandesk.testsupport.TwilioTestEnv;
import com.loandesk.testsupport.WebhookTest;
import io.vertx.core.Future;
import io.vertx.junit5.VertxTestContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A signed recording callback whose RecordingUrl is not one of the account's recordings on the configured Twilio API
 * host (https://api.twilio.com here) is kept as an event, but without the link: nothing else is ever shown to a person.
 */
class RecordingUrlOffTheTwilioHostIsNotKeptTest extends WebhookTest {

    private static final String PUBLIC = "https://hooks.loandesk.example";
    private static final String OWN = "https://api.twilio.com/2010-04-01/Accounts/" + TwilioTestEnv.ACCOUNT_SID + "/Recordings/";

    @Override
    protected TwilioSettings settings(String serverBaseUrl) {
        return TwilioTestEnv.webhookSettings(PUBLIC, Map.of("TWILIO_FROM_NUMBER", TwilioTestEnv.SMS_FROM));
    }

    @Test
    void only_the_accounts_own_recording_on_the_api_host_keeps_its_link(VertxTestContext ctx) {
        String callSid = TwilioIds.sid("CA");
        Map<String, String> urls = new LinkedHashMap<>();
        String good = TwilioIds.sid("RE");
        urls.put(good, OWN + good);
        String bad = TwilioIds.sid("RE");
        List<String> refused = List.of(
                "https://evil.example/2010-04-01/Accounts/" + TwilioTestEnv.ACCOUNT_SID + "/Recordings/" + bad,
                "javascript:alert(document.cookie)",
                "http://api.twilio.com/2010-04-01/Accounts/" + TwilioTestEnv.ACCOUNT_SID + "/Recordings/" + bad,
                "https://api.twilio.com.evil.example/2010-04-01/Accounts/" + TwilioTestEnv.ACCOUNT_SID + "/Recordings/" + bad,
                "https://user@api.twilio.com/2010-04-01/Accounts/" + TwilioTestEnv.ACCOUNT_SID + "/Recordings/" + bad,
                "https://api.twilio.com:8443/2010-04-01/Accounts/" + TwilioTestEnv.ACCOUNT_SID + "/Recordings/" + bad,
                "https://api.twilio.com/2010-04-01/Accounts/AC" + "0".repeat(32) + "/Recordings/" + bad,
                OWN + bad + "?redirect=https://evil.example",
                OWN + "../../../../evil");
        for (String url : refused) {
            urls.put(TwilioIds.sid("RE"), url);
        }
        Future<?> chain = Future.succeededFuture();
        for (Map.Entry<String, String> e : urls.entrySet()) {
            Map<String, String> form = Map.of("CallSid", callSid, "RecordingSid", e.getKey(), "RecordingStatus", "completed",
                    "RecordingUrl", e.getValue(), "RecordingDuration", "12", "AccountSid", TwilioTestEnv.ACCOUNT_SID);
            chain = chain.compose(v -> hooks.post("/webhooks/twilio/recording-status", form).map(r -> {
                assertEquals(204, r.statusCode(), r.bodyAsString());
                return null;
            }));
        }
        chain.onComplete(ctx.succeeding(v -> ctx.verify(() -> {
            assertEquals(urls.size(), Fixtures.count("select count(*) from provider_event where kind = 'recording' "
                    + "and provider_sid = ?", callSid), "every callback is kept as an event");
            assertEquals(OWN + good, Fixtures.text("select detail->>'recordingUrl' from provider_event "
                    + "where detail->>'recordingSid' = ?", good));
            assertEquals(1, Fixtures.count("select count(*) from provider_event where provider_sid = ? "
                    + "and detail->>'recordingUrl' is not null", callSid), "no other link was kept");
            ctx.completeNow();
        })));
    }
}
