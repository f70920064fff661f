package io.revchain.reporter.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.revchain.event.OrgFinding;
import io.revchain.reporter.model.OrgFindings;
import java.util.function.Supplier;

/**
 * The organisation-wide findings on {@code /metrics}: {@code revchain_org_findings{kind=identical-copy|diverged}}
 * (revision ids declared in several repositories), {@code revchain_org_findings_hand_typed} (of those, placeholder or
 * hand-numbered ids) and {@code revchain_org_findings_repositories} (repositories sharing at least one id).
 */
final class OrgFindingsMeters {
    private OrgFindingsMeters() {}

    static void register(MeterRegistry registry, Supplier<OrgFindings.View> view) {
        for (String kind : new String[] {OrgFinding.IDENTICAL_COPY, OrgFinding.DIVERGED}) {
            Gauge.builder("revchain.org.findings", view, v -> v.get().byKind().getOrDefault(kind, 0L))
                    .tag("kind", kind)
                    .strongReference(true)
                    .description("Revision ids declared in two or more repositories")
                    .register(registry);
        }
        Gauge.builder("revchain.org.findings.hand.typed", view, v -> v.get().handTyped())
                .strongReference(true)
                .description("Organisation-wide findings whose id is a placeholder or a hand-typed number")
                .register(registry);
        Gauge.builder(
                        "revchain.org.findings.repositories",
                        view,
                        v -> v.get().revisionsByRepo().size())
                .strongReference(true)
                .description("Repositories sharing at least one revision id with another repository")
                .register(registry);
    }
}
