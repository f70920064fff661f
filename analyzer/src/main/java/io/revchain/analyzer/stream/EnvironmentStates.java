package io.revchain.analyzer.stream;

import io.revchain.analysis.RevisionGraph;
import io.revchain.analysis.deploy.AppliedState;
import io.revchain.analysis.deploy.DeploymentClassifier;
import io.revchain.analysis.incremental.ChainSet;
import io.revchain.event.DeploymentObserved;
import io.revchain.event.EnvironmentHealth;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decides each environment's part of a branch's report: its last observation classified by
 * {@link DeploymentClassifier} against the branch's chain as it is now (the chain the observation names, or the
 * branch's only one), an unreadable table as {@link EnvironmentHealth#UNREADABLE}, and since when it has not been at
 * head (carried over from the previous report while it stays so). Pure: no Kafka, no store.
 */
final class EnvironmentStates {
    private EnvironmentStates() {}

    /**
     * @param observations the repository's last observation per environment
     * @param chains       the branch's chains at the report's commit
     * @param previous     the branch's previous report's environments ({@code null}: none)
     * @param now          the analysis time (the start of a "not at head" period)
     */
    static List<EnvironmentHealth> of(
            Collection<DeploymentObserved> observations,
            ChainSet chains,
            List<EnvironmentHealth> previous,
            Instant now) {
        Map<String, EnvironmentHealth> before = new HashMap<>();
        if (previous != null) {
            previous.forEach(e -> before.put(e.name(), e));
        }
        Map<String, RevisionGraph> graphs = new HashMap<>();
        List<EnvironmentHealth> out = new ArrayList<>();
        List<DeploymentObserved> sorted = new ArrayList<>(observations);
        sorted.sort(Comparator.comparing(DeploymentObserved::environment));
        for (DeploymentObserved o : sorted) {
            out.add(one(o, chains, graphs, before.get(o.environment()), now));
        }
        return out;
    }

    private static EnvironmentHealth one(
            DeploymentObserved o,
            ChainSet chains,
            Map<String, RevisionGraph> graphs,
            EnvironmentHealth before,
            Instant now) {
        if (!o.readable()) {
            return health(
                    o,
                    EnvironmentHealth.UNREADABLE,
                    EnvironmentHealth.UNREADABLE,
                    0,
                    List.of(),
                    List.of(),
                    o.problem(),
                    o.message(),
                    before,
                    now);
        }
        List<String> names = chains.names();
        String chain = o.chain();
        if (chain == null) {
            chain = names.size() == 1 ? names.get(0) : names.contains(ChainSet.DEFAULT) ? ChainSet.DEFAULT : null;
        }
        if (chain == null || !names.contains(chain)) {
            String why = o.chain() == null
                    ? "the branch has " + names.size() + " chains (" + String.join(", ", names)
                            + "): name the environment's chain"
                    : "the branch has no chain '" + o.chain() + "'";
            return health(
                    o,
                    EnvironmentHealth.NO_CHAIN,
                    EnvironmentHealth.BROKEN,
                    0,
                    List.of(),
                    List.of(),
                    null,
                    why,
                    before,
                    now);
        }
        RevisionGraph graph = graphs.computeIfAbsent(chain, n -> RevisionGraph.of(chains.scripts(n)));
        AppliedState s = new DeploymentClassifier(graph).classify(o.applied());
        return health(
                o,
                s.kind().wireName(),
                s.verdict().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                s.pending().size(),
                s.pending(),
                s.unknown(),
                null,
                s.reason(),
                before,
                now);
    }

    private static EnvironmentHealth health(
            DeploymentObserved o,
            String state,
            String verdict,
            int behind,
            List<String> pending,
            List<String> unknown,
            String problem,
            String message,
            EnvironmentHealth before,
            Instant now) {
        Instant since = null;
        if (!EnvironmentHealth.AT_HEAD.equals(verdict)) {
            since = before != null && before.notAtHeadSince() != null ? before.notAtHeadSince() : now;
        }
        return new EnvironmentHealth(
                o.environment(),
                o.chain(),
                state,
                verdict,
                o.applied(),
                behind,
                pending,
                unknown,
                problem,
                message,
                o.source(),
                o.observedAt(),
                since);
    }
}
