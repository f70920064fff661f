package io.revchain.repair.planning;

import io.revchain.analysis.RevisionGraph;
import io.revchain.analysis.RevisionNode;
import io.revchain.analysis.deploy.AppliedState;
import io.revchain.analysis.deploy.DeploymentClassifier;
import io.revchain.analysis.deploy.Retired;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Decides, for each environment of the request, what its next {@code alembic upgrade head} runs once the plan is
 * applied ({@link DeploymentClassifier} on the repaired chain), and whether the plan must be refused: an
 * environment the repaired code leaves in a state {@code upgrade head} cannot handle (an unknown revision, a dropped
 * branch, overlapping rows, a chain Alembic cannot load), or an environment whose database could not be read, since
 * then nobody knows what the plan re-points under it.
 */
final class UpgradeForecasts {
    private UpgradeForecasts() {}

    /** The forecasts and the reasons to refuse the plan (empty: none). */
    record Outcome(List<EnvironmentForecast> forecasts, List<String> refusals) {}

    static Outcome of(PlanningContext ctx) {
        AppliedEnvironments applied = ctx.request().applied();
        List<EnvironmentForecast> out = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        if (applied.isEmpty()) {
            return new Outcome(out, refusals);
        }
        Map<String, Retired> hist = applied.history();
        Function<String, Optional<Retired>> history = id -> Optional.ofNullable(hist.get(id));
        RevisionGraph before =
                RevisionGraph.of(ctx.originalScripts(), ctx.policy().release());
        RevisionGraph after =
                RevisionGraph.of(ctx.workspace().scripts(), ctx.policy().release());
        DeploymentClassifier was = new DeploymentClassifier(before, history);
        DeploymentClassifier will = new DeploymentClassifier(after, history);
        Set<String> planned = new HashSet<>();
        for (FileChange c : ctx.workspace().changes()) {
            if (c.contentChanged() || c.renamed()) {
                planned.add(c.newPath());
            }
        }
        for (Map.Entry<String, List<String>> e : applied.rows().entrySet()) {
            AppliedState then = was.classify(e.getValue());
            AppliedState now = will.classify(e.getValue());
            List<EnvironmentForecast.UpgradeStep> runs = new ArrayList<>();
            if (now.verdict() != AppliedState.Verdict.BROKEN) {
                for (String id : now.pending()) {
                    String file = after.node(id).map(RevisionNode::path).orElse(null);
                    runs.add(new EnvironmentForecast.UpgradeStep(id, file, planned.contains(file)));
                }
            } else {
                refusals.add("environment '" + e.getKey() + "' would be left "
                        + now.kind().wireName() + ": " + now.reason());
            }
            out.add(new EnvironmentForecast(e.getKey(), e.getValue(), then.kind(), now, runs, null));
        }
        applied.unreadable().forEach((env, why) -> {
            out.add(new EnvironmentForecast(env, List.of(), null, null, List.of(), why));
            refusals.add("environment '" + env + "' could not be read (" + why + "): the plan cannot know what it "
                    + "applied, so it may re-point a revision that database ran; make it readable, or leave it out "
                    + "knowingly (--ignore-unreadable)");
        });
        return new Outcome(out, refusals);
    }
}
