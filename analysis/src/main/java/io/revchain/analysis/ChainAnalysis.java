package io.revchain.analysis;

import io.revchain.core.model.Finding;
import io.revchain.core.model.MigrationScript;
import io.revchain.core.model.Policy;
import java.util.List;

/**
 * Everything revchain decides about one migration chain, in one value: what the CLI prints and what the Kafka
 * analyzer publishes.
 *
 * @param revisions distinct revision ids Alembic would load
 * @param heads     {@code alembic heads} ids (distinct, Alembic's order)
 * @param bases     base ids (distinct, Alembic's order)
 * @param findings  every problem, ordered by file, line, check
 * @param outcome   what real Alembic 1.8.1 does on the same files
 */
public record ChainAnalysis(
        int revisions, List<String> heads, List<String> bases, List<Finding> findings, AlembicOutcome outcome) {

    public ChainAnalysis {
        heads = List.copyOf(heads);
        bases = List.copyOf(bases);
        findings = List.copyOf(findings);
    }

    /** Analyses the parsed files under the policy; never throws on any input. */
    public static ChainAnalysis of(List<MigrationScript> scripts, Policy policy) {
        RevisionGraph graph = RevisionGraph.of(scripts, policy.release());
        List<Finding> findings = new ChainInspector(graph, policy).findings();
        AlembicOutcome outcome = graph.outcome();
        return new ChainAnalysis(
                graph.revisionIds().size(),
                graph.heads().stream().distinct().toList(),
                graph.bases().stream().distinct().toList(),
                findings,
                outcome);
    }

    /** Whether any finding is an error under the policy. */
    public boolean hasErrors() {
        return findings.stream().anyMatch(Finding::isError);
    }
}
