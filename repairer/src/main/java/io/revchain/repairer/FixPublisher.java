package io.revchain.repairer;

import io.revchain.core.config.RepositorySpec;
import io.revchain.event.HealthReport;
import io.revchain.git.FixRefs;
import io.revchain.repair.planning.RebasePlanner;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a {@link BranchDecision} on a repository's remote: builds the fix or rebase commit, pushes it and
 * deletes the branches it replaces in one batch through {@link FixBranches#push} (so only under
 * {@code refs/heads/revchain/}), and opens or updates the fix branch's pull request. Decides nothing about the
 * branches itself; it reports what the remote accepted, and turns refusals into notes rather than exceptions.
 *
 * <p>Credentials come only from the environment variable named by the repository's {@code credentials}; they go
 * to the git transport and the forge, never into a note or a log line.
 */
final class FixPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(FixPublisher.class);

    /**
     * What publishing did.
     *
     * @param branch  the branch that holds the plan afterwards (created now or already there and ours), or
     *                {@code null}
     * @param created branches pushed now
     * @param deleted branches deleted now
     * @param foreign branches someone else pushed to, left alone
     * @param pull    the pull request, when one was opened, updated or found unchanged
     * @param notes   what a human should know, in the order it happened
     */
    record Published(
            String branch,
            List<String> created,
            List<String> deleted,
            List<String> foreign,
            GitHubPulls.Result pull,
            List<String> notes) {
        Published {
            created = List.copyOf(created);
            deleted = List.copyOf(deleted);
            foreign = List.copyOf(foreign);
            notes = List.copyOf(notes);
        }
    }

    private final RepairerSettings settings;
    private final PullRequests pulls;
    private final RepairerMetrics metrics;

    FixPublisher(RepairerSettings settings, PullRequests pulls, RepairerMetrics metrics) {
        this.settings = settings;
        this.pulls = pulls;
        this.metrics = metrics;
    }

    /** The fix branches of {@code mirror}, pushed to its {@code origin} as the repairer's identity. */
    FixBranches branches(Repository mirror, RepositorySpec spec) {
        return new FixBranches(
                mirror, settings.botName(), settings.botEmail(), credentials(spec), settings.remoteTimeout());
    }

    /**
     * Publishes {@code plan} for {@code branch}: its fix branch created when it is pushable and missing, our fix
     * branches of older plans deleted, and the pull request made sure of.
     */
    Published fix(String key, RepositorySpec spec, String branch, RepoPlan plan, FixBranches branches)
            throws IOException {
        List<BranchDecision.Existing> existing = branches.existing(branch);
        BranchDecision.Outcome d = plan.pushable()
                ? BranchDecision.fix(FixRefs.fixBranch(branch, plan.hash()), existing)
                : BranchDecision.hold(existing);
        ObjectId made = null;
        if (d.create() != null) {
            made = branches.commit(
                    ObjectId.fromString(plan.commit()),
                    plan.changes(),
                    plan.versionLocations(),
                    FixTexts.message(branch, plan),
                    Instant.now());
        }
        List<String> notes = new ArrayList<>();
        Pushes p = apply(key, branches, d, made);
        boolean holds =
                d.current() != null && (d.create() == null || p.created().contains(d.create()));
        String fixBranch = holds ? d.current() : null;
        if (d.create() != null && !holds) {
            notes.add("the fix branch " + d.create() + " could not be pushed");
        }
        foreignNotes(key, d, notes);
        if (!plan.pushable()) {
            notes.add("nothing was pushed: the plan " + (plan.verified() ? "changes no file" : "is not verified"));
        }
        GitHubPulls.Result pull = fixBranch == null ? null : pullRequest(key, spec, branch, fixBranch, plan, notes);
        return new Published(fixBranch, p.created(), p.deleted(), names(d.foreign()), pull, notes);
    }

    /**
     * Publishes a rebase on the candidate's commit as its rebase branch, under the fix branch rules: only a
     * verified rebase that changes something is committed.
     */
    Published rebase(
            String key, HealthReport report, RebasePlanner.RebasePlan plan, List<String> folders, FixBranches branches)
            throws IOException {
        List<BranchDecision.Existing> existing = branches.existingRebases(report.candidate());
        BranchDecision.Outcome d = plan.verified() && !plan.change().isEmpty()
                ? BranchDecision.fix(plan.branch(), existing)
                : BranchDecision.hold(existing);
        ObjectId made = null;
        if (d.create() != null) {
            made = branches.commit(
                    ObjectId.fromString(report.candidateCommit()),
                    plan.change(),
                    folders,
                    FixTexts.rebaseMessage(report, plan),
                    Instant.now());
        }
        List<String> notes = new ArrayList<>();
        Pushes p = apply(key, branches, d, made);
        boolean pushed =
                d.current() != null && (d.create() == null || p.created().contains(d.create()));
        if (d.create() != null && !pushed) {
            notes.add("the rebase branch " + d.create() + " could not be pushed");
        }
        foreignNotes(key, d, notes);
        return new Published(pushed ? d.current() : null, p.created(), p.deleted(), names(d.foreign()), null, notes);
    }

    /** Nothing to fix any more: our branches among {@code existing} are deleted, anyone else's left alone. */
    Published clean(String key, FixBranches branches, List<BranchDecision.Existing> existing) throws IOException {
        BranchDecision.Outcome d = BranchDecision.clean(existing);
        Pushes p = apply(key, branches, d, null);
        warnForeign(key, d);
        return new Published(null, List.of(), p.deleted(), names(d.foreign()), null, List.of());
    }

    /** The branches a push created and deleted, as the remote accepted them. */
    private record Pushes(List<String> created, List<String> deleted) {}

    /** Pushes the decision in one batch. */
    private Pushes apply(String key, FixBranches branches, BranchDecision.Outcome d, ObjectId made) throws IOException {
        List<FixBranches.RefChange> changes = new ArrayList<>();
        if (d.create() != null) {
            changes.add(new FixBranches.RefChange(Constants.R_HEADS + d.create(), made, null));
        }
        for (BranchDecision.Existing e : d.delete()) {
            changes.add(new FixBranches.RefChange(Constants.R_HEADS + e.name(), null, ObjectId.fromString(e.tip())));
        }
        List<String> created = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        for (FixBranches.Pushed p : branches.push(changes)) {
            String name = p.ref().substring(Constants.R_HEADS.length());
            if (!p.ok()) {
                LOG.warn("{}: the remote refused {}: {}", key, name, p.status());
                continue;
            }
            if (name.equals(d.create())) {
                created.add(name);
                metrics.branch("created");
                LOG.info("{}: pushed {}", key, name);
            } else {
                deleted.add(name);
                metrics.branch("deleted");
                LOG.info("{}: deleted {}", key, name);
            }
        }
        return new Pushes(created, deleted);
    }

    private void foreignNotes(String key, BranchDecision.Outcome d, List<String> notes) {
        for (BranchDecision.Existing f : d.foreign()) {
            notes.add("branch " + f.name() + " has commits the repairer did not make: left alone");
        }
        warnForeign(key, d);
    }

    private void warnForeign(String key, BranchDecision.Outcome d) {
        for (BranchDecision.Existing f : d.foreign()) {
            metrics.branch("foreign");
            LOG.warn(
                    "{}: {} has commits the repairer did not make (tip {}): left alone",
                    key,
                    f.name(),
                    shortId(f.tip()));
        }
    }

    /** Opens or updates the pull request of {@code head}, when a token and the forge repository are known. */
    private GitHubPulls.Result pullRequest(
            String key, RepositorySpec spec, String base, String head, RepoPlan plan, List<String> notes) {
        String token = spec.remote().credentials() == null
                ? null
                : settings.env().get(spec.remote().credentials());
        Optional<String> forgeRepo = Optional.ofNullable(settings.forgeRepos().get(spec.id()))
                .or(() -> GitHubPulls.repositoryOf(spec.remote().url()));
        if (token == null || token.isEmpty() || forgeRepo.isEmpty()) {
            return null;
        }
        // a "user:password" credential sends its password part as the API token
        String apiToken = token.contains(":") ? token.substring(token.indexOf(':') + 1) : token;
        try {
            GitHubPulls.Result r = pulls.ensure(
                    forgeRepo.get(), apiToken, head, base, FixTexts.pullTitle(base), FixTexts.pullBody(base, plan));
            metrics.pull(r.action());
            LOG.info(
                    "{}: pull request #{} {}",
                    key,
                    r.number(),
                    r.action().name().toLowerCase(Locale.ROOT));
            return r;
        } catch (IOException e) {
            LOG.warn("{}: pull request not opened: {}", key, e.getMessage());
            notes.add("pull request not opened: " + e.getMessage());
            return null;
        }
    }

    private CredentialsProvider credentials(RepositorySpec spec) {
        if (spec.remote().credentials() == null) {
            return null;
        }
        String value = settings.env().get(spec.remote().credentials());
        if (value == null || value.isEmpty()) {
            return null;
        }
        int colon = value.indexOf(':');
        return colon < 0
                ? new UsernamePasswordCredentialsProvider("x-access-token", value)
                : new UsernamePasswordCredentialsProvider(value.substring(0, colon), value.substring(colon + 1));
    }

    static List<String> names(List<BranchDecision.Existing> list) {
        return list.stream().map(BranchDecision.Existing::name).toList();
    }

    static String shortId(String id) {
        return id.length() > 10 ? id.substring(0, 10) : id;
    }
}
