package com.loandesk.config;

import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * How reminder waves are fed: a wave's members become tasks a chunk at a time, at the wave's rate, while the
 * dispatcher's due backlog of the channel stays under a high-water mark.
 *
 * @param feedInterval  how often running waves are fed
 * @param firstChunk    members fed when a wave is created, in its creating transaction
 * @param chunk         the most members fed per wave and round
 * @param backlogLimit  a channel with this many due tasks is not fed until the dispatcher drains it
 * @param sampleInterval how often the tasks by state of waves with work left are sampled (the board's chart)
 */
public record WavesConfig(Duration feedInterval, int firstChunk, int chunk, int backlogLimit, Duration sampleInterval) {

    public static WavesConfig from(JsonObject root) {
        Settings s = Settings.of(root, "waves");
        WavesConfig config = new WavesConfig(
                Duration.ofMillis(s.intIn("feedIntervalMs", 50, 60_000, 250)),
                s.intIn("firstChunk", 0, 100_000, 5000),
                s.intIn("chunk", 1, 100_000, 5000),
                s.intIn("backlogLimit", 1, 10_000_000, 20_000),
                Duration.ofMillis(s.intIn("sampleIntervalMs", 200, 600_000, 10_000)));
        s.refuseUnknown();
        return config;
    }
}
