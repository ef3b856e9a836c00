package com.loandesk.web.api;

import com.loandesk.logging.LogText;
import com.loandesk.auth.Principal;
import com.loandesk.imports.ImportJobs;
import com.loandesk.imports.ImportState;
import com.loandesk.imports.UploadCheck;
import com.loandesk.store.ImportJobStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Import jobs over HTTP. {@code POST /api/imports} (text/csv) streams the body to a file as it arrives, with
 * back-pressure (the request is paused while the file's write queue is full), never holding it in memory, then
 * queues a job and answers 202 with its id. {@code GET /api/imports/{id}} is its progress, and
 * {@code GET /api/imports/{id}/rejects.csv} the rejected rows (row, field, reason), read from the database a page
 * at a time as the response drains.
 */
final class ImportApi {

    private static final Logger LOG = LoggerFactory.getLogger(ImportApi.class);
    private static final int REJECTS_PAGE = 2000;
    private static final Buffer REJECTS_HEADER = Buffer.buffer("row,field,reason\r\n");

    private final Vertx vertx;
    private final ImportJobs jobs;
    private final ImportJobStore store;

    ImportApi(Vertx vertx, ImportJobs jobs, ImportJobStore store) {
        this.vertx = vertx;
        this.jobs = jobs;
        this.store = store;
    }

    /** The first handler of the upload route: holds the body back until the caller is authenticated and allowed. */
    static void hold(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        req.pause();
        // answered before the body was read (401, 403, 400): drain and drop the rest, so the connection stays usable
        ctx.addEndHandler(v -> {
            if (!req.isEnded()) {
                req.handler(b -> { });
                req.resume();
            }
        });
        ctx.next();
    }

    /** POST /api/imports (text/csv) → 202 {id, state, progress, rejects}. */
    void upload(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        String type = req.getHeader("Content-Type");
        String mime = type == null ? "" : type.split(";")[0].strip().toLowerCase(Locale.ROOT);
        if (!mime.equals("text/csv")) {
            Api.fail(ctx, ApiException.badRequest("content-type", "send text/csv: a header row naming the columns, then one row per case"));
            return;
        }
        long max = jobs.config().maxBytes();
        String length = req.getHeader("Content-Length");
        if (length != null && length.strip().matches("[0-9]{1,18}") && Long.parseLong(length.strip()) > max) {
            Api.fail(ctx, ApiException.tooLarge("the file is larger than " + max + " bytes (imports.maxMegabytes)"));
            return;
        }
        Principal p = Api.who(ctx);
        Path dir = jobs.config().dir();
        vertx.fileSystem().createTempFile(dir.toString(), "loandesk-import-", ".csv", (String) null).onComplete(created -> {
            if (created.failed()) {
                Api.fail(ctx, created.cause());
                return;
            }
            String path = created.result();
            UploadCheck check = jobs.checkWhileUploading(Path.of(path));
            vertx.fileSystem().open(path, new OpenOptions().setWrite(true).setTruncateExisting(true))
                    .compose(file -> receive(req, file, max, check))
                    .compose(bytes -> jobs.submit(Path.of(path), bytes, p.username(), check))
                    .onSuccess(id -> ctx.response().setStatusCode(202).putHeader("content-type", "application/json")
                            .putHeader("Location", "/api/imports/" + id)
                            .end(new JsonObject().put("id", id).put("state", ImportState.QUEUED.code())
                                    .put("progress", "/api/imports/" + id).put("rejects", "/api/imports/" + id + "/rejects.csv")
                                    .encode()))
                    .onFailure(e -> {
                        check.abandoned();
                        vertx.fileSystem().delete(path).onFailure(d -> LOG.warn("upload file not deleted path={} error={}", path, d.toString()));
                        LOG.info("import upload refused by={} error={}", LogText.of(p.username()), LogText.of(e.toString()));
                        if (!req.isEnded()) {
                            // the rest of a refused upload is not wanted: the connection ends with the answer
                            ctx.response().putHeader("Connection", "close");
                        }
                        Api.fail(ctx, e);
                    });
        });
    }

    /**
     * Writes the request body to {@code file} as it arrives, pausing the request while the file is behind, and tells
     * {@code check} what is written and when it all is; the bytes.
     */
    private static Future<Long> receive(HttpServerRequest req, AsyncFile file, long max, UploadCheck check) {
        Promise<Long> done = Promise.promise();
        long[] bytes = {0};
        @SuppressWarnings("unchecked")
        Future<Void>[] reported = new Future[] {Future.succeededFuture()};
        req.handler(chunk -> {
            bytes[0] += chunk.length();
            if (bytes[0] > max) {
                req.pause();
                file.close();
                done.tryFail(ApiException.tooLarge("the file is larger than " + max + " bytes (imports.maxMegabytes)"));
                return;
            }
            int length = chunk.length();
            Future<Void> write = file.write(chunk);
            // writes may end in any order: each is reported once those before it have ended, so the check reads only a
            // whole beginning of the file
            reported[0] = reported[0].compose(v -> write).onSuccess(v -> check.wrote(length));
            if (file.writeQueueFull()) {
                req.pause();
                file.drainHandler(v -> req.resume());
            }
        });
        req.exceptionHandler(e -> file.close().onComplete(v -> done.tryFail(e)));
        req.endHandler(v -> file.close().onComplete(closed -> {
            if (closed.failed()) {
                done.tryFail(closed.cause());
            } else {
                check.ended(bytes[0]);
                done.tryComplete(bytes[0]);
            }
        }));
        req.resume();
        return done.future();
    }

    /** GET /api/imports[?limit=] → {jobs: [...]}: the newest jobs (20, at most 100), newest first, as GET /api/imports/{id} shows each. */
    Future<JsonObject> recent(RoutingContext ctx) {
        Fields.onlyParams(ctx.queryParams(), java.util.Set.of("limit"));
        int limit = Fields.limitParam(ctx.queryParams(), "limit", 20, 100);
        return store.recent(limit).map(jobs -> {
            io.vertx.core.json.JsonArray out = new io.vertx.core.json.JsonArray();
            jobs.forEach(job -> out.add(toJson(job)));
            return new JsonObject().put("jobs", out);
        });
    }

    /** GET /api/imports/{id} → the job's state and progress. */
    Future<JsonObject> progress(RoutingContext ctx) {
        long id = Fields.positiveLong(ctx.pathParam("id"), "id");
        return store.get(id).map(job -> {
            if (job == null) {
                throw ApiException.notFound("no import " + id);
            }
            return toJson(job);
        });
    }

    static JsonObject toJson(ImportJobStore.Job job) {
        Long total = job.rowsTotal();
        long done = job.rowsDone();
        return new JsonObject().put("id", job.id()).put("state", job.state().code())
                .put("createdBy", job.createdBy()).put("createdAt", instant(job.createdAt()))
                .put("updatedAt", instant(job.updatedAt())).put("finishedAt", instant(job.finishedAt())).put("bytes", job.bytes())
                .put("rowsTotal", total).put("rowsDone", done)
                .put("percent", total == null ? null : total == 0 ? 100 : (int) (100 * done / total))
                .put("inserted", job.inserted()).put("updated", job.updated())
                .put("rejected", job.rejected()).put("error", job.error())
                .put("rejects", "/api/imports/" + job.id() + "/rejects.csv");
    }

    /** GET /api/imports/{id}/rejects.csv → row,field,reason for each rejected row so far, in row order. */
    void rejects(RoutingContext ctx) {
        long id;
        try {
            id = Fields.positiveLong(ctx.pathParam("id"), "id");
        } catch (ApiException e) {
            Api.fail(ctx, e);
            return;
        }
        Principal p = Api.who(ctx);
        store.get(id).onComplete(ar -> {
            if (ar.failed()) {
                Api.fail(ctx, ar.cause());
                return;
            }
            if (ar.result() == null) {
                Api.fail(ctx, ApiException.notFound("no import " + id));
                return;
            }
            HttpServerResponse res = ctx.response();
            res.setChunked(true).putHeader("Content-Type", "text/csv; charset=utf-8")
                    .putHeader("Content-Disposition", "attachment; filename=\"import-" + id + "-rejects.csv\"")
                    .putHeader("Cache-Control", "no-store");
            res.write(REJECTS_HEADER);
            Promise<Long> done = Promise.promise();
            res.closeHandler(v -> done.tryFail(new IllegalStateException("the client went away")));
            page(id, 0, res, 0, done);
            done.future().onComplete(sent -> {
                if (sent.succeeded()) {
                    LOG.info("import rejects streamed job={} rows={} by={}", id, sent.result(), LogText.of(p.username()));
                    res.end();
                } else {
                    LOG.warn("import rejects aborted job={} by={} error={}", id, LogText.of(p.username()), sent.cause().toString());
                    res.reset();
                }
            });
        });
    }

    /** Writes the rejects after row {@code after}, a page at a time, waiting for the response to drain between pages. */
    private void page(long id, long after, HttpServerResponse res, long sent, Promise<Long> done) {
        store.rejects(id, after, REJECTS_PAGE).onComplete(ar -> {
            if (done.future().isComplete()) {
                return;
            }
            if (ar.failed()) {
                done.fail(ar.cause());
                return;
            }
            long last = after;
            Buffer out = Buffer.buffer();
            for (ImportJobStore.Reject r : ar.result()) {
                last = r.row();
                out.appendString(com.loandesk.csv.CsvLine.of(last, r.field(), r.reason()));
            }
            int n = ar.result().size();
            if (n > 0) {
                res.write(out);
            }
            if (n < REJECTS_PAGE) {
                done.complete(sent + n);
                return;
            }
            long next = last;
            if (res.writeQueueFull()) {
                res.drainHandler(v -> page(id, next, res, sent + n, done));
            } else {
                page(id, next, res, sent + n, done);
            }
        });
    }

    private static String instant(java.time.Instant t) {
        return t == null ? null : t.toString();
    }
}
