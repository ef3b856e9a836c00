package com.loandesk.web.api;

import com.loandesk.store.Wave;
import com.loandesk.store.WaveOutcomes;
import com.loandesk.store.WaveProgress;
import com.loandesk.store.WaveSelection;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The wave API's JSON (see openapi.yaml, schema Wave): the store's records as the pages and machines read them. */
final class WaveJson {

    private WaveJson() {
    }

    static JsonObject wave(Wave w) {
        WaveSelection s = w.selection();
        JsonObject selection = new JsonObject().put("stage", s.stage()).put("dpdMin", s.dpdMin()).put("dpdMax", s.dpdMax())
                .put("product", s.product()).put("jurisdiction", s.jurisdiction()).put("riskGrade", s.riskGrade())
                .put("balanceMin", plain(s.balanceMin())).put("balanceMax", plain(s.balanceMax()));
        JsonObject json = new JsonObject().put("id", w.id()).put("name", w.name()).put("channel", s.channel().code())
                .put("template", s.template()).put("state", w.state()).put("selection", selection)
                .put("notAfter", iso(w.notAfter())).put("ratePerMinute", w.ratePerMinute())
                .put("enqueued", w.enqueued()).put("skipped", w.skipped()).put("fed", w.fed()).put("startsAt", iso(w.startsAt()))
                .put("createdBy", w.createdBy()).put("createdAt", iso(w.createdAt())).put("updatedAt", iso(w.updatedAt()));
        if (w.windowStart() != null) {
            json.put("window", new JsonObject().put("start", w.windowStart().toString()).put("end", w.windowEnd().toString()));
        }
        return json;
    }

    static JsonObject list(List<WaveProgress.Listed> waves) {
        JsonArray list = new JsonArray();
        waves.forEach(w -> list.add(wave(w.wave()).put("latest", w.latest() == null ? null
                : new JsonObject().put("at", iso(w.latest().at())).put("counts", counts(w.latest().counts())))));
        return new JsonObject().put("waves", list);
    }

    static JsonObject progress(WaveProgress p) {
        JsonArray events = new JsonArray();
        for (WaveProgress.Event e : p.events()) {
            events.add(new JsonObject().put("at", iso(e.at())).put("actor", e.actor()).put("event", e.event())
                    .put("detail", e.detail() == null ? null : new JsonObject(e.detail())));
        }
        JsonObject next = new JsonObject();
        p.deferredNext().forEach((rule, at) -> next.put(rule, iso(at)));
        return wave(p.wave()).put("progress", new JsonObject().put("tasks", p.tasks()).put("queued", p.queued())
                        .put("unfed", p.unfed()).put("byState", counts(p.byState()))
                        .put("blockedByRule", counts(p.blockedByRule())).put("deferredByRule", counts(p.deferredByRule()))
                        .put("deferredNext", next).put("contacts", p.contacts())
                        .put("firstContactAt", iso(p.firstContactAt())).put("lastContactAt", iso(p.lastContactAt())))
                .put("events", events).put("samples", samples(p.samples()));
    }

    private static JsonArray samples(List<WaveProgress.Sample> samples) {
        JsonArray out = new JsonArray();
        samples.forEach(s -> out.add(new JsonObject().put("at", iso(s.at())).put("counts", counts(s.counts()))));
        return out;
    }

    static JsonObject created(WaveOutcomes.Created c) {
        return new JsonObject().put("waveId", c.waveId()).put("enqueued", c.enqueued()).put("skipped", c.skipped()).put("fed", c.fed());
    }

    static JsonObject preview(WaveOutcomes.Preview p) {
        return new JsonObject().put("dryRun", true).put("enqueued", p.enqueued()).put("skipped", p.skipped());
    }

    static JsonObject changed(WaveOutcomes.Changed c) {
        JsonObject json = new JsonObject().put("waveId", c.waveId()).put("state", c.state());
        if (c.blocked() != null) {
            json.put("blocked", c.blocked()).put("unfed", c.unfed());
        }
        return json;
    }

    private static JsonObject counts(Map<String, Long> counts) {
        JsonObject json = new JsonObject();
        counts.forEach(json::put);
        return json;
    }

    private static String plain(BigDecimal amount) {
        return amount == null ? null : amount.toPlainString();
    }

    private static String iso(Instant t) {
        return t == null ? null : t.toString();
    }
}
