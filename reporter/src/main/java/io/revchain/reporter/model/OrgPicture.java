package io.revchain.reporter.model;

import io.revchain.core.model.Check;
import io.revchain.core.model.Finding;
import io.revchain.event.FixClosure;
import io.revchain.event.FixProposal;
import io.revchain.event.HealthReport;
import io.revchain.event.HealthStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The organisation's state as the two compacted topics describe it: the latest {@link HealthReport} and the live
 * {@link FixProposal} of every branch, keyed like the topics ({@code repo@branch}). Pure: no I/O, no clock.
 *
 * <p>Decisions:
 * <ul>
 *   <li>A value replaces the previous one for its key; a tombstone ({@code null}) removes it, so a branch whose
 *   report is deleted leaves the picture and a repaired branch's proposal closes.</li>
 *   <li>Constitutional compliance counts migrations: each report's {@code revisions}, less the distinct files
 *   with a {@code missing-constitutional-hash} finding (at least zero per branch). The analyzer only runs that
 *   check under the {@code acgs2} policy, so a branch under the {@code alembic} policy counts as carrying the
 *   hash; the report does not say which policy graded it.</li>
 *   <li>A repository's status is the worst of its branches' ({@link #worse}).</li>
 *   <li>A branch with several chains keeps each chain's heads and status on its row ({@link RepoView#chains()});
 *   with one chain the row's own heads are that chain's.</li>
 *   <li>Each branch's status history and where its fix proposals stand are kept by {@link StatusHistory}; a
 *   row carries its fix-branch state ({@link RepoView#fix()}).</li>
 *   <li>A merge-preview report ({@link HealthReport#isMergePreview()}, keyed {@code repo@candidate}) is not a
 *   branch: it counts in no row, status, finding count or compliance ratio. With findings it is an open collision
 *   ({@link CollisionView}) joined with the candidate's proposal; without, the candidate merges cleanly and is not
 *   listed.</li>
 * </ul>
 *
 * <p>Not thread-safe: one thread applies records, and readers get immutable {@link #view()}s.
 */
public final class OrgPicture {

    private final Map<String, HealthReport> health = new TreeMap<>();
    private final Map<String, FixProposal> proposals = new TreeMap<>();
    private final StatusHistory history = new StatusHistory();

    /**
     * Applies one record of {@code revchain.health}.
     *
     * @param key    the record key; when {@code null} the report's own {@link HealthReport#key()} is used
     * @param report the report, or {@code null} for a tombstone (then {@code key} is required)
     */
    public void health(String key, HealthReport report) {
        String k = key != null ? key : report == null ? null : report.key();
        if (k == null) {
            return;
        }
        if (report == null) {
            health.remove(k);
        } else {
            health.put(k, report);
        }
        history.health(k, report);
    }

    /**
     * Applies one record of {@code revchain.fix-proposals}.
     *
     * @param key      the record key; when {@code null} the proposal's own {@link FixProposal#key()} is used
     * @param proposal the proposal, or {@code null} for a tombstone (the branch became healthy)
     */
    public void proposal(String key, FixProposal proposal) {
        proposal(key, proposal, null);
    }

    /**
     * Applies one record of {@code revchain.fix-proposals} read at {@code at} (when the fix-branch states say it
     * was proposed or closed; {@code null} when unknown).
     */
    public void proposal(String key, FixProposal proposal, Instant at) {
        proposal(key, proposal, at, null);
    }

    /**
     * Applies one record of {@code revchain.fix-proposals}; a tombstone may carry the repairer's {@link FixClosure}
     * (which fix plans the healthy commit's history carries), which decides whether its fix was merged.
     */
    public void proposal(String key, FixProposal proposal, Instant at, FixClosure closure) {
        String k = key != null ? key : proposal == null ? null : proposal.key();
        if (k == null) {
            return;
        }
        if (proposal == null) {
            proposals.remove(k);
        } else {
            proposals.put(k, proposal);
        }
        history.proposal(k, proposal, at, proposal == null ? closure : null);
    }

    /** Each branch's status history and fix-branch states (thread-safe: readable while records are applied). */
    public StatusHistory history() {
        return history;
    }

    /** The picture as it stands, computed afresh. */
    public OrgView view() {
        List<RepoView> rows = new ArrayList<>(health.size());
        List<CollisionView> collisions = new ArrayList<>();
        Map<String, HealthStatus> repoStatus = new HashMap<>();
        Map<String, Long> byCheck = new TreeMap<>();
        long revisions = 0;
        long carrying = 0;
        for (Map.Entry<String, HealthReport> e : health.entrySet()) {
            if (e.getValue().isMergePreview()) {
                // a candidate's preview describes a merge that has not happened: no branch's health
                if (!e.getValue().findings().isEmpty()) {
                    collisions.add(collision(e.getKey(), e.getValue(), proposals.get(e.getKey())));
                }
                continue;
            }
            RepoView row = row(e.getKey(), e.getValue(), proposals.get(e.getKey()), history.fix(e.getKey()));
            rows.add(row);
            repoStatus.merge(row.repo(), row.status(), OrgPicture::worse);
            row.findingsByCheck().forEach((check, n) -> byCheck.merge(check, n, Long::sum));
            revisions += row.revisions();
            carrying += row.carryingHash();
        }
        Map<HealthStatus, Integer> byStatus = new EnumMap<>(HealthStatus.class);
        repoStatus.values().forEach(s -> byStatus.merge(s, 1, Integer::sum));
        return new OrgView(rows, byStatus, byCheck, proposals.size(), revisions, carrying, collisions);
    }

    /**
     * The worse of two statuses: {@code healthy < warning < unhealthy < unavailable} (a repository that cannot be
     * read is the least known, so it ranks worst).
     */
    public static HealthStatus worse(HealthStatus a, HealthStatus b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    static CollisionView collision(String key, HealthReport r, FixProposal proposal) {
        Set<String> revisions = new LinkedHashSet<>();
        for (Finding f : r.findings()) {
            if (f.revision() != null) {
                revisions.add(f.revision());
            }
            revisions.addAll(f.revisions());
        }
        return new CollisionView(
                key,
                r.repo(),
                r.candidate(),
                r.target(),
                r.candidateCommit(),
                r.targetCommit(),
                r.status(),
                List.copyOf(revisions),
                r.findings(),
                proposal,
                r.analyzedAt());
    }

    static RepoView row(String key, HealthReport r, FixProposal proposal, FixBranchView fix) {
        Map<String, Long> byCheck = new TreeMap<>();
        Set<String> missingHash = new HashSet<>();
        for (Finding f : r.findings()) {
            byCheck.merge(f.check(), 1L, Long::sum);
            if (f.is(Check.MISSING_CONSTITUTIONAL_HASH)) {
                // one file is one migration, however many findings it gets
                missingHash.add(
                        f.file() != null
                                ? "file:" + f.file()
                                : f.revision() != null ? "rev:" + f.revision() : "msg:" + f.message());
            }
        }
        return new RepoView(
                key,
                r.repo(),
                r.branch(),
                r.status(),
                r.commit(),
                r.revisions(),
                r.heads(),
                r.bases(),
                r.findings(),
                byCheck,
                missingHash.size(),
                proposal,
                r.analyzedAt(),
                r.chains(),
                fix,
                r.environments());
    }
}
