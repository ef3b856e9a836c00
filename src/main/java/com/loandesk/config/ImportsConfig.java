package com.loandesk.config;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/**
 * How CSV import jobs run: the upload is streamed to a file in {@code dir}, then read, validated and written
 * {@code batchRows} rows per transaction, off the event loop.
 *
 * @param maxBytes  the largest upload taken (bigger ones get 413 and leave nothing behind)
 * @param batchRows rows validated and written per transaction
 * @param dir       where uploads are kept while their job runs (deleted when it ends)
 * @param writers   transactions written at once, each on its own connection, each for its own share of the borrowers
 */
public record ImportsConfig(long maxBytes, int batchRows, Path dir, int writers) {

    public static ImportsConfig from(JsonObject root) {
        Settings s = Settings.of(root, "imports");
        String dir = s.text("dir", System.getProperty("java.io.tmpdir"));
        ImportsConfig c = new ImportsConfig(s.intIn("maxMegabytes", 1, 4096, 1024) * 1024L * 1024L,
                s.intIn("batchRows", 100, 20_000, 2000), Path.of(dir),
                s.intIn("writers", 1, 8, 2));
        s.refuseUnknown();
        return c;
    }

    /** The defaults, as an empty {@code imports} section gives them. */
    public static ImportsConfig defaults() {
        return from(new JsonObject());
    }
}
