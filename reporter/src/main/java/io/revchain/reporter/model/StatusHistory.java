package io.revchain.reporter.model;

import io.revchain.core.model.Finding;
import io.revchain.core.model.Severity;
import io.revchain.event.BranchKey;
import io.revchain.event.FixClosure;
import io.revchain.event.FixProposal;
import io.revchain.event.HealthReport;
import io.revchain.event.HealthStatus;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Each branch's status history (when it broke, at which commit, when it was fixed and by which fix branch) and
 * where its fix proposals stand, from the records of {@code revchain.health} and {@code revchain.fix-proposals} in
 * the order they are read. Pure: times are the reports' own {@code analyzedAt} and the arrival times the caller
 * passes. Memory is bounded: per branch the last {@link #MAX_TRANSITIONS} transitions and {@link #MAX_FIXES}
 * proposals; a branch whose report is deleted (a tombstone) is forgotten.
 *
 * <p>"Broken" is {@link HealthStatus#UNHEALTHY} (an error); healthy and warning are "not broken"; unavailable says
 * nothing either way. Fix states, from what the topics can honestly tell (the reporter has no git: it cannot see
 * whether the healthy commit's history contains the fix branch's commit):
 * <ul>
 *   <li><b>proposed</b>: the live proposal, planned on the branch's latest commit;</li>
 *   <li><b>replaced</b>: a newer proposal for the same branch on another fix branch (another plan) superseded it —
 *   the repairer deletes the older branch;</li>
 *   <li><b>merged</b>: the repairer closed the proposal with a {@link FixClosure} saying the healthy commit's
 *   history carries the fix's plan (merged, rebase-merged or squashed with its message). Without a closure (an
 *   older repairer) it is inferred: the branch turned not-broken at a later commit than the plan's while the
 *   proposal was live, and the repairer closed it; the detail says "inferred". Either way the {@code fixed}
 *   transition at that commit names the fix branch;</li>
 *   <li><b>stale</b>: the branch moved on to another commit and is still broken, so the plan no longer applies
 *   (until the repairer re-plans: the same plan on the same fix branch is proposed again), the proposal was
 *   withdrawn while the branch was still broken, or its closure says the branch was fixed without it.</li>
 * </ul>
 * Nothing here depends on the order the two topics are read in (a restart replays them side by side): the states
 * compare commits, and a tombstone read while the branch's latest report is still the broken one the plan was made
 * on waits for the branch's next report at another commit to be judged.
 *
 * <p>Thread-safe: one thread applies records while the HTTP threads read.
 */
public final class StatusHistory {

    /** Transitions kept per branch. */
    public static final int MAX_TRANSITIONS = 20;
    /** Fix proposals kept per branch (the live one and the latest closed ones). */
    public static final int MAX_FIXES = 6;

    private static final int SHORT = 12;

    private final Map<String, Branch> branches = new HashMap<>();

    /** One branch's record. */
    private static final class Branch {
        final Deque<StatusTransition> transitions = new ArrayDeque<>();
        boolean truncated;
        HealthStatus status;
        /** The latest status other than unavailable: what "fixed" is measured from. */
        HealthStatus readable;

        String commit;
        Fix live;
        Fix closing;
        /** A merged fix branch to name on the {@code fixed} transition at this commit once its report is read. */
        String attributeAt;

        String attributeTo;
        final Deque<FixBranchView> closed = new ArrayDeque<>();
    }

    /** A proposal as it stands while it is live or waiting to be judged. */
    private static final class Fix {
        final String fixBranch;
        final String strategy;
        final String diff;
        final Instant proposedAt;
        String commit;
        boolean verified;

        Fix(FixProposal p, Instant at) {
            this.fixBranch = p.fixBranch();
            this.strategy = p.strategy();
            this.diff = p.diff();
            this.commit = p.commit();
            this.verified = p.verified();
            this.proposedAt = at;
        }

        /** The same fix: the same pushed branch, or (when neither was pushed) the same plan. */
        boolean same(FixProposal p) {
            if (fixBranch != null || p.fixBranch() != null) {
                return Objects.equals(fixBranch, p.fixBranch());
            }
            return diff.equals(p.diff());
        }

        FixBranchView view(FixState state, Instant changedAt, String detail) {
            return new FixBranchView(state, fixBranch, commit, strategy, verified, proposedAt, changedAt, detail);
        }
    }

    /** Applies one record of {@code revchain.health} (a merge preview is no branch and is ignored). */
    public synchronized void health(String key, HealthReport report) {
        String k = key != null ? key : report == null ? null : report.key();
        if (k == null) {
            return;
        }
        if (report == null) {
            branches.remove(k);
            return;
        }
        if (report.isMergePreview()) {
            return;
        }
        Branch b = branches.computeIfAbsent(k, x -> new Branch());
        HealthStatus from = b.status;
        if (from != report.status()) {
            add(b, transition(from, b.readable, report));
        }
        b.status = report.status();
        if (report.status() != HealthStatus.UNAVAILABLE) {
            b.readable = report.status();
        }
        b.commit = report.commit();
        if (b.closing != null && movedOn(b, b.closing)) {
            Fix f = b.closing;
            b.closing = null;
            close(b, f, report.analyzedAt());
        }
        if (b.attributeTo != null && Objects.equals(b.attributeAt, report.commit())) {
            // a merge record read before the report of the healthy commit it names
            attribute(b, b.attributeAt, b.attributeTo);
        }
    }

    /**
     * Applies one record of {@code revchain.fix-proposals}.
     *
     * @param at when it was read ({@code null} when unknown)
     */
    public void proposal(String key, FixProposal proposal, Instant at) {
        proposal(key, proposal, at, null);
    }

    /**
     * Applies one record of {@code revchain.fix-proposals}, a tombstone with the repairer's {@link FixClosure}
     * (which fix plans the healthy commit's history carries) when it sent one.
     *
     * @param at      when it was read ({@code null} when unknown)
     * @param closure the tombstone's closure, or {@code null} (a proposal, or a tombstone without one)
     */
    public synchronized void proposal(String key, FixProposal proposal, Instant at, FixClosure closure) {
        String k = key != null ? key : proposal == null ? null : proposal.key();
        if (k == null) {
            return;
        }
        Branch b = branches.get(k);
        if (proposal == null) {
            if (b == null || b.live == null) {
                return;
            }
            Fix f = b.live;
            b.live = null;
            if (closure != null) {
                closed(b, f, at, closure);
            } else if (movedOn(b, f) || b.status == HealthStatus.HEALTHY || b.status == HealthStatus.WARNING) {
                close(b, f, at);
            } else {
                // read before the report that closed it (or nothing known yet): the next report at another commit
                b.closing = f;
            }
            return;
        }
        b = branches.computeIfAbsent(k, x -> new Branch());
        if (b.closing != null) {
            // a new plan while the old one waited to be judged: the branch is still broken
            keep(b, b.closing.view(FixState.STALE, at, "withdrawn while the branch was still broken"));
            b.closing = null;
        }
        if (b.live != null && b.live.same(proposal)) {
            // the same plan re-published (a later commit, the same fix branch): still the one proposal
            b.live.commit = proposal.commit();
            b.live.verified = proposal.verified();
            return;
        }
        if (b.live != null) {
            String by = proposal.fixBranch() != null ? proposal.fixBranch() : "a new plan (not pushed)";
            keep(b, b.live.view(FixState.REPLACED, at, "replaced by " + by));
        }
        b.live = new Fix(proposal, at);
    }

    /** The branch's current fix: its live proposal's state, else its latest closed one, else {@code null}. */
    public synchronized FixBranchView fix(String key) {
        Branch b = branches.get(key);
        if (b == null) {
            return null;
        }
        if (b.live != null) {
            return liveView(b, b.live);
        }
        if (b.closing != null) {
            return b.closing.view(FixState.PROPOSED, null, "closed by the repairer; waiting for the branch's report");
        }
        return b.closed.peekFirst();
    }

    /** The branch's history, or {@code null} when nothing is known about {@code key}. */
    public synchronized RepoHistory history(String key) {
        Branch b = branches.get(key);
        if (b == null) {
            return null;
        }
        BranchKey bk = BranchKey.parse(key);
        List<StatusTransition> transitions = new ArrayList<>(b.transitions);
        Collections.reverse(transitions);
        List<FixBranchView> fixes = new ArrayList<>();
        FixBranchView current = fix(key);
        if (current != null && (b.live != null || b.closing != null)) {
            fixes.add(current);
        }
        fixes.addAll(b.closed);
        return new RepoHistory(key, bk.repo(), bk.branch(), b.status, b.commit, transitions, fixes, b.truncated);
    }

    /** The keys of every branch with a history. */
    public synchronized List<String> keys() {
        return List.copyOf(new TreeSet<>(branches.keySet()));
    }

    private FixBranchView liveView(Branch b, Fix f) {
        if (b.status == null || Objects.equals(b.commit, f.commit)) {
            return f.view(FixState.PROPOSED, f.proposedAt, f.fixBranch == null ? "not pushed" : "pushed, not merged");
        }
        if (broken(b.status)) {
            return f.view(
                    FixState.STALE,
                    null,
                    "the branch moved on to " + shortId(b.commit) + " and is still broken; planned on "
                            + shortId(f.commit));
        }
        if (b.status == HealthStatus.UNAVAILABLE) {
            return f.view(FixState.PROPOSED, f.proposedAt, "the branch cannot be read now");
        }
        return f.view(FixState.MERGED, null, "healthy at " + shortId(b.commit) + "; the repairer closes it");
    }

    /** Judges a proposal by the repairer's record of what the healthy commit's history carries. */
    private void closed(Branch b, Fix f, Instant at, FixClosure c) {
        if (f.fixBranch != null && c.merged().contains(f.fixBranch)) {
            b.attributeAt = c.commit();
            b.attributeTo = f.fixBranch;
            attribute(b, c.commit(), f.fixBranch);
            keep(
                    b,
                    f.view(
                            FixState.MERGED,
                            at,
                            "merged: its plan is in the history of " + shortId(c.commit()) + "; fix branch deleted"));
        } else {
            keep(
                    b,
                    f.view(
                            FixState.STALE,
                            at,
                            "closed: the branch was fixed at " + shortId(c.commit())
                                    + " without it (its plan is not in that history)"));
        }
    }

    /** Judges a closed proposal by the branch's latest report (no record of the merge: inferred). */
    private void close(Branch b, Fix f, Instant at) {
        if (broken(b.status)) {
            keep(b, f.view(FixState.STALE, at, "withdrawn while the branch was still broken"));
        } else if (Objects.equals(b.commit, f.commit)) {
            keep(b, f.view(FixState.STALE, at, "closed: the branch is healthy at the commit it was planned on"));
        } else {
            if (f.fixBranch != null) {
                attribute(b, b.commit, f.fixBranch);
            }
            keep(
                    b,
                    f.view(
                            FixState.MERGED,
                            at,
                            "inferred: healthy at " + shortId(b.commit)
                                    + " after it was proposed, and closed by the repairer"));
        }
    }

    /** The branch's latest report is a readable one at another commit than the fix was planned on. */
    private static boolean movedOn(Branch b, Fix f) {
        return b.status != null && b.status != HealthStatus.UNAVAILABLE && !Objects.equals(b.commit, f.commit);
    }

    /** Names {@code fixBranch} on the branch's latest {@code fixed} transition at {@code commit}, if it has one. */
    private static void attribute(Branch b, String commit, String fixBranch) {
        List<StatusTransition> all = new ArrayList<>(b.transitions);
        for (int i = all.size() - 1; i >= 0; i--) {
            StatusTransition t = all.get(i);
            if (t.kind() == StatusTransition.Kind.FIXED && Objects.equals(t.commit(), commit)) {
                all.set(i, t.fixedBy(fixBranch));
                b.transitions.clear();
                b.transitions.addAll(all);
                b.attributeAt = null;
                b.attributeTo = null;
                return;
            }
        }
    }

    private static void add(Branch b, StatusTransition t) {
        b.transitions.addLast(t);
        while (b.transitions.size() > MAX_TRANSITIONS) {
            b.transitions.removeFirst();
            b.truncated = true;
        }
    }

    private static void keep(Branch b, FixBranchView v) {
        b.closed.addFirst(v);
        while (b.closed.size() > MAX_FIXES - 1) {
            b.closed.removeLast();
        }
    }

    /**
     * The change {@code r} makes to a branch whose status was {@code from} and whose latest readable status was
     * {@code readable}: broken and fixed are judged against the latest readable status, so an unreadable spell
     * between them hides neither. Fixed: errors gone (to healthy or warning), or a warning gone (to healthy).
     */
    static StatusTransition transition(HealthStatus from, HealthStatus readable, HealthReport r) {
        StatusTransition.Kind kind;
        boolean wasBroken = readable == HealthStatus.UNHEALTHY;
        if (from == null) {
            kind = StatusTransition.Kind.FIRST_SEEN;
        } else if (r.status() == HealthStatus.UNHEALTHY && !wasBroken) {
            kind = StatusTransition.Kind.BROKE;
        } else if (wasBroken && (r.status() == HealthStatus.HEALTHY || r.status() == HealthStatus.WARNING)
                || readable == HealthStatus.WARNING && r.status() == HealthStatus.HEALTHY) {
            // a warning the repairer also plans for (unlabelled heads) is fixed when it goes too
            kind = StatusTransition.Kind.FIXED;
        } else {
            kind = StatusTransition.Kind.CHANGED;
        }
        int errors = 0;
        TreeSet<String> checks = new TreeSet<>();
        for (Finding f : r.findings()) {
            if (f.severity() == Severity.ERROR) {
                errors++;
            }
            checks.add(f.check());
        }
        return new StatusTransition(
                r.analyzedAt(),
                kind,
                from,
                r.status(),
                r.commit(),
                errors,
                r.findings().size(),
                List.copyOf(checks),
                null);
    }

    private static boolean broken(HealthStatus s) {
        return s == HealthStatus.UNHEALTHY;
    }

    private static String shortId(String commit) {
        return commit == null ? "–" : commit.length() <= SHORT ? commit : commit.substring(0, SHORT);
    }
}
