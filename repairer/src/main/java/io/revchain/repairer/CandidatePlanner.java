package io.revchain.repairer;

import io.revchain.analysis.merge.FileVersion;
import io.revchain.analysis.merge.MergePreview;
import io.revchain.analysis.merge.MergePreviewer;
import io.revchain.core.config.RepositorySpec;
import io.revchain.core.model.Policy;
import io.revchain.core.model.Risk;
import io.revchain.core.model.Strategy;
import io.revchain.core.parse.MigrationParser;
import io.revchain.event.FixProposal;
import io.revchain.event.HealthReport;
import io.revchain.git.GitMergeSides;
import io.revchain.repair.planning.RebasePlanner;
import io.revchain.repair.planning.RepairAction;
import io.revchain.repair.planning.RepairPlan;
import io.revchain.repair.planning.RepairPlanner;
import io.revchain.repair.planning.RepairRequest;
import io.revchain.repair.planning.SourceText;
import io.revchain.repair.planning.UnifiedDiff;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans what a colliding candidate gets, from the mirror: the merge is previewed again (the target and the
 * candidate at the report's commits, read by {@link GitMergeSides}), and the candidate's new migration is rebased
 * onto the target's head with {@link RebasePlanner}. When that migration is deployed the rebase is refused and the
 * merge strategy's merge revision for the merged folder is proposed instead (never pushed: it only makes sense once
 * the target is merged in), or a proposal whose note says why nothing can be done.
 */
final class CandidatePlanner {

    private static final Logger LOG = LoggerFactory.getLogger(CandidatePlanner.class);

    /** What the mirror says about a colliding candidate. */
    sealed interface Result {}

    /** The preview cannot be made (a commit is gone, or no shared history): nothing is published. */
    record Missing(String reason) implements Result {}

    /** The mirror sees no extra head at these commits: handled as a healthy preview. */
    record NoCollision() implements Result {}

    /** No rebase is possible: {@code proposal} says what is proposed instead, and is never pushed. */
    record Refused(FixProposal proposal, String refusal) implements Result {}

    /** A rebase to publish, with the merge's sides it was planned on. */
    record Rebase(RebasePlanner.RebasePlan plan, GitMergeSides.Sides sides) implements Result {}

    private final CommitPlanner planner;

    CandidatePlanner(CommitPlanner planner) {
        this.planner = planner;
    }

    /** What {@code report}, a merge preview with both its commits, gets from the mirror {@code repo}. */
    Result plan(String key, Repository repo, HealthReport report, RepositorySpec spec) throws IOException {
        ObjectId candidateCommit = ObjectId.fromString(report.candidateCommit());
        ObjectId targetCommit = ObjectId.fromString(report.targetCommit());
        for (ObjectId id : List.of(candidateCommit, targetCommit)) {
            if (!repo.getObjectDatabase().has(id)) {
                LOG.warn("{}: commit {} is not on the remote any more; report ignored", key, id.name());
                return new Missing("commit " + id.name() + " not found");
            }
        }
        CommitPlanner.Settings onTarget = planner.settings(repo, targetCommit, spec);
        CommitPlanner.Settings onCandidate = planner.settings(repo, candidateCommit, spec);
        // forgetting a deployed revision is never safe: either side's list counts
        Set<String> deployed = new HashSet<>(onTarget.deployed());
        deployed.addAll(onCandidate.deployed());
        Policy policy = onTarget.policy();
        Optional<GitMergeSides.Sides> sides = GitMergeSides.read(
                repo,
                report.target(),
                targetCommit,
                report.candidate(),
                candidateCommit,
                spec.watched().paths(),
                null,
                new MigrationParser(policy.marker()));
        if (sides.isEmpty()) {
            return new Missing(report.candidate() + " and " + report.target() + " share no history");
        }
        MergePreview preview = MergePreviewer.preview(
                sides.get().target(), sides.get().candidate(), sides.get().base(), policy);
        if (preview.rebase() == null) {
            return new NoCollision();
        }
        byte[] source =
                GitMergeSides.bytes(repo, candidateCommit, preview.rebase().file());
        RebasePlanner.RebasePlan plan = RebasePlanner.plan(preview, source, deployed, policy);
        if (plan.refusal() != null) {
            FixProposal proposal = deployed.contains(plan.revision())
                    ? mergeRevision(repo, report, preview, sides.get(), policy, deployed, plan)
                    : Proposals.withNotes(
                            Proposals.rebase(plan, report.repo(), report.candidateCommit(), false),
                            List.of(plan.refusal()));
            return new Refused(proposal, plan.refusal());
        }
        return new Rebase(plan, sides.get());
    }

    /**
     * The candidate's new revision is deployed, so it may not be re-pointed: the merge strategy's merge revision on
     * the merged folder instead. It joins heads that only meet once the target is merged into the candidate, so it
     * is proposed, never pushed onto the candidate alone.
     */
    private static FixProposal mergeRevision(
            Repository repo,
            HealthReport report,
            MergePreview preview,
            GitMergeSides.Sides sides,
            Policy policy,
            Set<String> deployed,
            RebasePlanner.RebasePlan refused)
            throws IOException {
        List<String> notes = new ArrayList<>(List.of(refused.refusal()));
        List<SourceText> files = new ArrayList<>();
        for (Map.Entry<String, FileVersion> e : preview.merged().entrySet()) {
            byte[] bytes = e.getValue().blob() == null
                    ? null
                    : GitMergeSides.blob(repo, e.getValue().blob());
            if (bytes != null) {
                files.add(new SourceText(e.getKey(), bytes));
            }
        }
        RepairPlan plan = new RepairPlanner()
                .plan(
                        report.candidate() + " merged into " + report.target(),
                        new RepairRequest(files, sides.folders(), policy, Strategy.MERGE, deployed, null, null, null));
        notes.addAll(plan.notes());
        if (!plan.writable()) {
            notes.add("the merge strategy cannot join the heads either ("
                    + (plan.verified() ? "nothing to change" : "not verified") + "): merge " + report.target()
                    + " into " + report.candidate()
                    + " and run 'alembic merge heads' by hand");
            return new FixProposal(
                    report.repo(),
                    report.candidate(),
                    report.candidateCommit(),
                    RebasePlanner.STRATEGY,
                    List.of(),
                    "",
                    Risk.MEDIUM,
                    false,
                    null,
                    notes);
        }
        notes.add("this merge revision applies once " + report.target() + " is merged into " + report.candidate()
                + ": not pushed, since on " + report.candidate() + " alone it would name a missing revision");
        return new FixProposal(
                report.repo(),
                report.candidate(),
                report.candidateCommit(),
                plan.strategy().label(),
                plan.actions().stream().map(RepairAction::toFixAction).toList(),
                UnifiedDiff.render(plan.changes()),
                plan.risk(),
                plan.verified(),
                null,
                notes);
    }
}
