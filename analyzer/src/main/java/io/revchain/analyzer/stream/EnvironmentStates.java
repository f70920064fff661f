package io.revchain.analyzer.stream;

import io.revchain.analysis.RevisionGraph;
import io.revchain.analysis.deploy.AppliedFingerprints;
import io.revchain.analysis.deploy.AppliedState;
import io.revchain.analysis.deploy.DeploymentClassifier;
import io.revchain.analysis.deploy.StrandedEnvironments;
import io.revchain.analysis.incremental.ChainSet;
import io.revchain.core.model.Finding;
import io.revchain.core.model.MigrationScript;
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
     * One branch's classifications, remembered while its chains' scripts stay the same: a marker of a commit that
     * did not touch a chain, or an observation of another environment, classifies nothing again. The state is a
     * pure function of the scripts and the rows, so an equal scripts list (record equality) gives an equal answer.
     */
    static final class Memo {
        private record Chain(
                List<MigrationScript> scripts, RevisionGraph graph, Map<List<String>, AppliedState> states) {}

        private final Map<String, Chain> chains = new HashMap<>();

        AppliedState classify(ChainSet set, String chain, List<String> rows) {
            Chain c = chain(set, chain);
            RevisionGraph graph = c.graph();
            return c.states().computeIfAbsent(List.copyOf(rows), r -> new DeploymentClassifier(graph).classify(r));
        }

        RevisionGraph graph(ChainSet set, String chain) {
            return chain(set, chain).graph();
        }

        private Chain chain(ChainSet set, String chain) {
            List<MigrationScript> scripts = set.scripts(chain);
            Chain c = chains.get(chain);
            if (c == null || !c.scripts().equals(scripts)) {
                c = new Chain(List.copyOf(scripts), RevisionGraph.of(scripts), new HashMap<>());
                chains.put(chain, c);
            }
            return c;
        }
    }

    /**
     * What the findings of an environment are judged with: the branch's commit, the body fingerprint of each of its
     * files by path, and the repository's recorded applied bodies.
     */
    record History(String commit, Map<String, String> bodies, AppliedHistory.Book book) {}

    /** The findings of a readable environment classified as {@code s} on {@code chain}. */
    private static List<Finding> findings(
            DeploymentObserved o, ChainSet chains, String chain, AppliedState s, Memo memo, History history) {
        RevisionGraph graph = memo.graph(chains, chain);
        List<Finding> out = new ArrayList<>(StrandedEnvironments.check(o.environment(), s, graph));
        if (history != null) {
            Map<String, AppliedFingerprints.Now> now = new HashMap<>();
            for (MigrationScript m : chains.scripts(chain)) {
                if (m.revisionId() != null) {
                    now.putIfAbsent(
                            m.revisionId(),
                            new AppliedFingerprints.Now(
                                    m.path(), history.bodies().get(m.path())));
                }
            }
            out.addAll(AppliedHistory.check(
                    o.environment(),
                    o.applied(),
                    AppliedFingerprints.appliedRevisions(graph, o.applied()),
                    graph,
                    now,
                    history.commit(),
                    o.observedAt(),
                    history.book()));
        }
        return out;
    }

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
        return of(observations, chains, previous, now, new Memo());
    }

    /** {@link #of(Collection, ChainSet, List, Instant)} with the branch's remembered classifications. */
    static List<EnvironmentHealth> of(
            Collection<DeploymentObserved> observations,
            ChainSet chains,
            List<EnvironmentHealth> previous,
            Instant now,
            Memo memo) {
        return of(observations, chains, previous, now, memo, null);
    }

    /**
     * {@link #of(Collection, ChainSet, List, Instant, Memo)} with each readable environment's findings: a row no
     * file declares ({@link StrandedEnvironments}) and, with {@code history}, an applied body edited since the
     * environment first reported it applied ({@link AppliedHistory}).
     */
    static List<EnvironmentHealth> of(
            Collection<DeploymentObserved> observations,
            ChainSet chains,
            List<EnvironmentHealth> previous,
            Instant now,
            Memo memo,
            History history) {
        Map<String, EnvironmentHealth> before = new HashMap<>();
        if (previous != null) {
            previous.forEach(e -> before.put(e.name(), e));
        }
        List<EnvironmentHealth> out = new ArrayList<>();
        List<DeploymentObserved> sorted = new ArrayList<>(observations);
        sorted.sort(Comparator.comparing(DeploymentObserved::environment));
        for (DeploymentObserved o : sorted) {
            out.add(one(o, chains, memo, history, before.get(o.environment()), now));
        }
        return out;
    }

    private static EnvironmentHealth one(
            DeploymentObserved o, ChainSet chains, Memo memo, History history, EnvironmentHealth before, Instant now) {
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
                    now,
                    List.of());
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
                    now,
                    List.of());
        }
        AppliedState s = memo.classify(chains, chain, o.applied());
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
                now,
                findings(o, chains, chain, s, memo, history));
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
            Instant now,
            List<Finding> findings) {
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
                since,
                findings);
    }
}
