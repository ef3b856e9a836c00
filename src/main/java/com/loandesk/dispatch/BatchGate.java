package com.loandesk.dispatch;

import com.loandesk.rules.ContactContext;
import com.loandesk.rules.ContactGate;
import com.loandesk.rules.Decision;
import com.loandesk.rules.PastContact;
import com.loandesk.store.GateInput;
import com.loandesk.store.Gated;
import com.loandesk.store.TaskRow;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Judges one locked batch. Tasks of one borrower are judged in order, each seeing the contacts the
 * batch has already allowed, so a batch can never take a borrower past a cap.
 */
final class BatchGate implements Function<GateInput, List<Gated>> {

    /** The rule id of a task the gate could not judge (a bad stored row, a rule that threw). */
    static final String GATE_ERROR = "GATE_ERROR";
    static final String GATE_ERROR_POLICY = "none";

    private final ContactGate gate;
    private final ContextBuilder contexts;
    private final Instant now;

    BatchGate(ContactGate gate, ContextBuilder contexts, Instant now) {
        this.gate = gate;
        this.contexts = contexts;
        this.now = now;
    }

    @Override
    public List<Gated> apply(GateInput input) {
        Map<Long, List<PastContact>> allowedHere = new HashMap<>();
        List<Gated> out = new ArrayList<>(input.tasks().size());
        for (TaskRow t : input.tasks()) {
            String unreadable = input.unreadableByBorrower().get(t.borrowerId());
            if (unreadable != null) {
                out.add(gateError(t, "a stored row of the borrower cannot be read, so their contacts cannot be counted: " + unreadable));
                continue;
            }
            try {
                out.add(judge(t, input, allowedHere));
            } catch (RuntimeException e) {
                out.add(gateError(t, e.toString()));
            }
        }
        return out;
    }

    /**
     * One bad row (a stored zone the JVM does not know, an unknown channel code, a rule that throws) blocks its own
     * task with {@code GATE_ERROR} and the exception in the history; the rest of the batch is judged as usual.
     */
    private static Gated gateError(TaskRow t, String error) {
        Decision.Block block = new Decision.Block(GATE_ERROR_POLICY, GATE_ERROR, "the gate could not judge this task: " + error);
        String detail = new JsonObject().put("channel", t.channel().code()).put("contactPointId", t.contactPointId())
                .put("reason", block.reason()).put("error", error).encode();
        return new Gated(t, block, detail);
    }

    private Gated judge(TaskRow t, GateInput input, Map<Long, List<PastContact>> allowedHere) {
        List<PastContact> history = new ArrayList<>(input.contactsByBorrower().getOrDefault(t.borrowerId(), List.of()));
        history.addAll(allowedHere.getOrDefault(t.borrowerId(), List.of()));
        long b = t.borrowerId();
        ContactContext context = contexts.build(t, history, input.holdsByCase().getOrDefault(t.caseId(), Set.of()),
                input.consentsByBorrower().getOrDefault(b, List.of()),
                input.callbacksByBorrower().getOrDefault(b, List.of()),
                input.inconvenientByBorrower().getOrDefault(b, List.of()));
        Decision decision = gate.check(context, now);
        Gated gated = new Gated(t, decision, detail(decision, context));
        if (decision instanceof Decision.Allow) {
            allowedHere.computeIfAbsent(t.borrowerId(), k -> new ArrayList<>())
                    .add(new PastContact(now, t.channel(), t.caseId(), t.contactPointId(), t.pointKind(),
                            PastContact.Outcome.PENDING, false, 0, false, Set.of()));
        }
        return gated;
    }

    private static String detail(Decision decision, ContactContext context) {
        if (decision instanceof Decision.Allow) {
            // the common case, written by hand: channel codes and zone ids need no JSON escaping
            StringBuilder d = new StringBuilder(96).append("{\"channel\":\"").append(context.request().channel().code())
                    .append("\",\"contactPointId\":").append(context.request().contactPointId()).append(",\"zones\":[");
            List<ZoneId> zones = context.zones();
            for (int i = 0; i < zones.size(); i++) {
                d.append(i == 0 ? "\"" : ",\"").append(zones.get(i).getId()).append('"');
            }
            return d.append("],\"zonesFrom\":\"").append(context.where().source().code()).append("\"}").toString();
        }
        JsonArray zoneIds = new JsonArray();
        context.zones().forEach(z -> zoneIds.add(z.getId()));
        // every zone the borrower may be in: each had to be inside the windows
        JsonObject d = new JsonObject().put("channel", context.request().channel().code())
                .put("contactPointId", context.request().contactPointId()).put("zones", zoneIds)
                .put("zonesFrom", context.where().source().code());
        if (context.where().ambiguous()) {
            d.put("zonesWhy", context.where().words());
        }
        if (decision instanceof Decision.Defer defer) {
            ZoneId zone = context.zones().get(0);
            d.put("until", defer.until().toString())
                    // to the second: a person reads it ("2026-12-09T16:20:57+05:30 Asia/Kolkata"), never microseconds
                    .put("untilLocal", defer.until().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).atZone(zone)
                            .toOffsetDateTime().toString() + " " + zone)
                    .put("reason", defer.reason());
            if (!defer.also().isEmpty()) {
                JsonArray also = new JsonArray();
                for (Decision.Deferral other : defer.also()) {
                    also.add(new JsonObject().put("rule", other.ruleId()).put("policy", other.policy())
                            .put("until", other.until().toString()).put("reason", other.reason()));
                }
                d.put("also", also);
            }
            putVerdicts(d, defer.verdicts());
        } else if (decision instanceof Decision.Block block) {
            d.put("reason", block.reason());
            putVerdicts(d, block.verdicts());
        }
        return d.encode();
    }

    /** Each policy's own verdict, when several were judged together: what the law said, what the house said. */
    private static void putVerdicts(JsonObject d, List<Decision> verdicts) {
        if (verdicts.isEmpty()) {
            return;
        }
        JsonArray out = new JsonArray();
        for (Decision v : verdicts) {
            JsonObject j = new JsonObject().put("policy", v.policy());
            if (v instanceof Decision.Allow) {
                j.put("decision", "allow");
            } else if (v instanceof Decision.Defer defer) {
                j.put("decision", "defer").put("rule", defer.ruleId()).put("until", defer.until().toString())
                        .put("reason", defer.reason());
            } else if (v instanceof Decision.Block block) {
                j.put("decision", "block").put("rule", block.ruleId()).put("reason", block.reason());
            }
            out.add(j);
        }
        d.put("verdicts", out);
    }
}
