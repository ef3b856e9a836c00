package com.loandesk.metrics;

import com.loandesk.rules.Channel;
import com.loandesk.rules.Decision;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What the dispatcher reports: decisions by outcome, rule and policy; claim batch sizes; provider
 * latency and results by channel. Meters are cached so the hot path does one map lookup per event.
 */
public final class DispatchMetrics {

    private final MeterRegistry registry;
    private final DistributionSummary claimBatch;
    private final DistributionSummary clickBatch;
    private final Timer clickDecision;
    private final ConcurrentHashMap<DecisionKey, Counter> decisions = new ConcurrentHashMap<>();

    private record DecisionKey(String outcome, String rule, String policy, Channel channel) {
    }
    private final ConcurrentHashMap<String, Timer> provider = new ConcurrentHashMap<>();

    public DispatchMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.claimBatch = DistributionSummary.builder("loandesk_claim_batch_size")
                .description("tasks taken by one claim-and-gate transaction").register(registry);
        this.clickBatch = DistributionSummary.builder("loandesk_click_batch_size")
                .description("collectors' clicks judged by one transaction").register(registry);
        // the desk's target: 25 ms at p99; the histogram lets Prometheus compute it over any window
        this.clickDecision = Timer.builder("loandesk_click_decision_seconds")
                .description("a click-to-call from reaching the service to its decision, committed (or its refusal)")
                .publishPercentileHistogram()
                .serviceLevelObjectives(java.time.Duration.ofMillis(25))
                .minimumExpectedValue(java.time.Duration.ofMillis(1))
                .maximumExpectedValue(java.time.Duration.ofSeconds(10))
                .register(registry);
    }

    /** Metrics nobody reads (tests, benchmarks). */
    public static DispatchMetrics none() {
        return new DispatchMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void claimed(int batch) {
        claimBatch.record(batch);
    }

    public void clicksJudged(int batch) {
        clickBatch.record(batch);
    }

    public void clickDecided(long nanos) {
        clickDecision.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void decided(Decision decision, Channel channel) {
        String outcome;
        String rule;
        if (decision instanceof Decision.Allow) {
            outcome = "allowed";
            rule = "";
        } else if (decision instanceof Decision.Defer d) {
            outcome = "deferred";
            rule = d.ruleId();
        } else {
            outcome = "blocked";
            rule = ((Decision.Block) decision).ruleId();
        }
        decisions.computeIfAbsent(new DecisionKey(outcome, rule, decision.policy(), channel), k -> Counter.builder("loandesk_decisions_total")
                .description("gate decisions by outcome, blocking or deferring rule, policy and channel")
                .tag("outcome", outcome).tag("rule", rule).tag("policy", decision.policy()).tag("channel", channel.code())
                .register(registry)).increment();
    }

    /** One provider call: {@code result} is accepted, rejected, retry or ambiguous; {@code code} the provider's code. */
    public void providerCall(Channel channel, String result, String code, long nanos) {
        String key = channel.code() + '|' + result + '|' + code;
        provider.computeIfAbsent(key, k -> Timer.builder("loandesk_provider_latency")
                .description("provider call time by channel, result and provider error code")
                .tag("channel", channel.code()).tag("result", result).tag("code", code)
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }
}
