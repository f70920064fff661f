package io.revchain.repairer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The repairer's meters, by the names dashboards and alerts use: {@code revchain.repairer.handle} (time per report),
 * {@code revchain.repairer.reports} by outcome, {@code revchain.repairer.branches} by action and
 * {@code revchain.repairer.pulls} by action.
 */
final class RepairerMetrics {

    private final MeterRegistry registry;
    private final Timer handleTimer;

    RepairerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.handleTimer = Timer.builder("revchain.repairer.handle")
                .description("time to handle one health report")
                .register(registry);
    }

    /** Runs {@code work}, timing it as the handling of one report. */
    <T> T timeHandling(Supplier<T> work) {
        Timer.Sample sample = Timer.start(registry);
        try {
            return work.get();
        } finally {
            sample.stop(handleTimer);
        }
    }

    /** A report handled with {@code outcome}: proposed, tombstoned, skipped, failed or unreadable. */
    void report(String outcome) {
        registry.counter("revchain.repairer.reports", "outcome", outcome).increment();
    }

    void report(RepairerService.Kind kind) {
        report(kind.name().toLowerCase(Locale.ROOT));
    }

    /** A fix or rebase branch {@code created}, {@code deleted}, or found {@code foreign}. */
    void branch(String action) {
        registry.counter("revchain.repairer.branches", "action", action).increment();
    }

    void pull(GitHubPulls.Action action) {
        registry.counter("revchain.repairer.pulls", "action", action.name().toLowerCase(Locale.ROOT))
                .increment();
    }
}
