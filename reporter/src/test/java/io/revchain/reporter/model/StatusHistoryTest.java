package io.revchain.reporter.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.revchain.core.model.Check;
import io.revchain.core.model.Finding;
import io.revchain.core.model.Risk;
import io.revchain.core.model.Severity;
import io.revchain.event.EventJson;
import io.revchain.event.FixClosure;
import io.revchain.event.FixProposal;
import io.revchain.event.HealthReport;
import io.revchain.event.HealthStatus;
import io.revchain.reporter.Reports;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusHistoryTest {

    static final String KEY = "alpha@main";
    static final Instant T0 = Reports.T0;

    static HealthReport at(String commit, int minute, List<Finding> findings) {
        Instant t = T0.plusSeconds(60L * minute);
        return new HealthReport(
                "alpha", "main", commit, 5, List.of("h"), List.of("b"), findings, HealthStatus.of(findings), t, t, t);
    }

    static List<Finding> broken() {
        return List.of(
                Reports.finding(Check.MISSING_CONSTITUTIONAL_HASH.wire(), Severity.ERROR, "versions/a.py"),
                Reports.finding(Check.MULTIPLE_HEADS.wire(), Severity.WARNING, null));
    }

    static FixProposal fix(String commit, String branch) {
        return new FixProposal("alpha", "main", commit, "merge", List.of(), "diff " + branch, Risk.LOW, true, branch);
    }

    @Test
    void broke_then_fixed_by_the_proposed_fix_branch_is_merged_and_named_on_the_fixed_transition() {
        StatusHistory h = new StatusHistory();
        h.health(KEY, at("c1", 0, List.of()));
        h.health(KEY, at("c2", 1, broken()));
        h.proposal(KEY, fix("c2", "revchain/fix-main-aaa"), T0.plusSeconds(70));
        assertThat(h.fix(KEY).state()).isEqualTo(FixState.PROPOSED);
        assertThat(h.fix(KEY).detail()).isEqualTo("pushed, not merged");

        h.health(KEY, at("c3", 5, List.of()));
        h.proposal(KEY, null, T0.plusSeconds(301));

        RepoHistory r = h.history(KEY);
        assertThat(r.transitions())
                .extracting(StatusTransition::kind, StatusTransition::commit, StatusTransition::fixBranch)
                .containsExactly(
                        tuple(StatusTransition.Kind.FIXED, "c3", "revchain/fix-main-aaa"),
                        tuple(StatusTransition.Kind.BROKE, "c2", null),
                        tuple(StatusTransition.Kind.FIRST_SEEN, "c1", null));
        StatusTransition broke = r.transitions().get(1);
        assertThat(broke.at()).isEqualTo(T0.plusSeconds(60));
        assertThat(broke.errors()).isEqualTo(1);
        assertThat(broke.findings()).isEqualTo(2);
        assertThat(broke.checks()).containsExactly("missing-constitutional-hash", "multiple-heads");
        assertThat(r.fixes()).extracting(FixBranchView::state).containsExactly(FixState.MERGED);
        // no record of the merge came with the tombstone (an older repairer): the detail says it is inferred
        assertThat(r.fixes().get(0).detail())
                .isEqualTo("inferred: healthy at c3 after it was proposed, and closed by the repairer");
        assertThat(r.fixes().get(0).changedAt()).isEqualTo(T0.plusSeconds(301));
        assertThat(h.fix(KEY).state()).isEqualTo(FixState.MERGED);
    }

    @Test
    void the_repairers_closure_says_merged_even_when_read_before_the_healthy_report() {
        StatusHistory h = new StatusHistory();
        h.health(KEY, at("c1", 0, broken()));
        h.proposal(KEY, fix("c1", "revchain/fix-main-aaa"), T0);
        h.proposal(KEY, null, T0.plusSeconds(90), new FixClosure("c2", List.of("revchain/fix-main-aaa")));
        assertThat(h.fix(KEY).state()).isEqualTo(FixState.MERGED);
        assertThat(h.fix(KEY).detail()).isEqualTo("merged: its plan is in the history of c2; fix branch deleted");

        h.health(KEY, at("c2", 1, List.of()));
        StatusTransition fixed = h.history(KEY).transitions().get(0);
        assertThat(fixed.kind()).isEqualTo(StatusTransition.Kind.FIXED);
        assertThat(fixed.fixBranch()).isEqualTo("revchain/fix-main-aaa");
    }

    @Test
    void a_closure_without_the_plan_says_the_branch_was_fixed_without_it() {
        StatusHistory h = new StatusHistory();
        h.health(KEY, at("c1", 0, broken()));
        h.proposal(KEY, fix("c1", "revchain/fix-main-aaa"), T0);
        h.health(KEY, at("c2", 1, List.of()));
        // healthy at another commit, the proposal still live: merged as far as the topics can tell so far
        assertThat(h.fix(KEY).state()).isEqualTo(FixState.MERGED);

        h.proposal(KEY, null, T0.plusSeconds(90), new FixClosure("c2", List.of("revchain/fix-main-older")));
        assertThat(h.fix(KEY).state()).isEqualTo(FixState.STALE);
        assertThat(h.fix(KEY).detail())
                .isEqualTo("closed: the branch was fixed at c2 without it (its plan is not in that history)");
        assertThat(h.history(KEY).transitions().get(0).fixBranch()).isNull();
    }

    @Test
    void the_tombstone_read_before_the_healthy_report_waits_for_it() {
        // a restart replays both topics side by side: the proposal and its tombstone may come first
        StatusHistory h = new StatusHistory();
        h.proposal(KEY, fix("c2", "revchain/fix-main-aaa"), null);
        h.proposal(KEY, null, null);
        h.health(KEY, at("c2", 1, broken()));
        assertThat(h.fix(KEY).state()).isEqualTo(FixState.PROPOSED);
        h.health(KEY, at("c3", 2, List.of()));

        assertThat(h.fix(KEY).state()).isEqualTo(FixState.MERGED);
        assertThat(h.history(KEY).transitions().get(0).fixBranch()).isEqualTo("revchain/fix-main-aaa");
    }

    @Test
    void a_new_plan_on_another_fix_branch_replaces_the_old_one_and_the_same_plan_again_does_not() {
        StatusHistory h = new StatusHistory();
        h.health(KEY, at("c1", 0, broken()));
        h.proposal(KEY, fix("c1", "revchain/fix-main-aaa"), T0);
        h.health(KEY, at("c2", 1, broken()));
        // the same plan for the next commit: one proposal, planned on c2 now
        h.proposal(KEY, fix("c2", "revchain/fix-main-aaa"), T0.plusSeconds(61));
        assertThat(h.history(KEY).fixes()).hasSize(1);
        assertThat(h.fix(KEY).commit()).isEqualTo("c2");
        assertThat(h.fix(KEY).state()).isEqualTo(FixState.PROPOSED);

        h.proposal(KEY, fix("c2", "revchain/fix-main-bbb"), T0.plusSeconds(62));
        List<FixBranchView> fixes = h.history(KEY).fixes();
        assertThat(fixes)
                .extracting(FixBranchView::state, FixBranchView::fixBranch)
                .containsExactly(
                        tuple(FixState.PROPOSED, "revchain/fix-main-bbb"),
                        tuple(FixState.REPLACED, "revchain/fix-main-aaa"));
        assertThat(fixes.get(1).detail()).isEqualTo("replaced by revchain/fix-main-bbb");
        assertThat(fixes.get(1).changedAt()).isEqualTo(T0.plusSeconds(62));
    }

    @Test
    void the_branch_moving_on_while_still_broken_makes_the_proposal_stale_until_re_planned() {
        StatusHistory h = new StatusHistory();
        h.health(KEY, at("c1", 0, broken()));
        h.proposal(KEY, fix("c1", "revchain/fix-main-aaa"), T0);
        h.health(KEY, at("c2", 1, broken()));

        assertThat(h.fix(KEY).state()).isEqualTo(FixState.STALE);
        assertThat(h.fix(KEY).detail()).isEqualTo("the branch moved on to c2 and is still broken; planned on c1");

        h.proposal(KEY, null, T0.plusSeconds(90));
        assertThat(h.fix(KEY).state()).isEqualTo(FixState.STALE);
        assertThat(h.fix(KEY).detail()).isEqualTo("withdrawn while the branch was still broken");
        // no fixed transition: nothing is attributed
        assertThat(h.history(KEY).transitions()).noneMatch(t -> t.kind() == StatusTransition.Kind.FIXED);
    }

    @Test
    void unavailable_is_a_change_and_a_fix_after_it_is_still_a_fix_without_a_fix_branch() {
        StatusHistory h = new StatusHistory();
        h.health(KEY, at("c1", 0, broken()));
        h.health(KEY, HealthReport.unreachable("alpha", "main", T0.plusSeconds(60)));
        h.health(KEY, at("c2", 2, List.of()));
        assertThat(h.history(KEY).transitions())
                .extracting(StatusTransition::kind)
                .containsExactly(
                        StatusTransition.Kind.FIXED, StatusTransition.Kind.CHANGED, StatusTransition.Kind.FIRST_SEEN);
        assertThat(h.history(KEY).transitions().get(0).fixBranch()).isNull();
        assertThat(h.fix(KEY)).isNull();

        h.health(KEY, at("c3", 3, broken()));
        h.health(KEY, at("c4", 4, List.of()));
        StatusTransition fixed = h.history(KEY).transitions().get(0);
        assertThat(fixed.kind()).isEqualTo(StatusTransition.Kind.FIXED);
        assertThat(fixed.fixBranch()).isNull();
    }

    @Test
    void a_warning_gone_is_fixed_and_a_new_warning_is_a_change() {
        StatusHistory h = new StatusHistory();
        List<Finding> warning = List.of(Reports.finding(Check.MULTIPLE_HEADS.wire(), Severity.WARNING, null));
        h.health(KEY, at("c1", 0, warning));
        h.proposal(KEY, fix("c1", "revchain/fix-main-aaa"), T0);
        h.health(KEY, at("c2", 1, List.of()));
        h.proposal(KEY, null, T0.plusSeconds(90), new FixClosure("c2", List.of("revchain/fix-main-aaa")));
        h.health(KEY, at("c3", 2, warning));

        assertThat(h.history(KEY).transitions())
                .extracting(StatusTransition::kind, StatusTransition::fixBranch)
                .containsExactly(
                        tuple(StatusTransition.Kind.CHANGED, null),
                        tuple(StatusTransition.Kind.FIXED, "revchain/fix-main-aaa"),
                        tuple(StatusTransition.Kind.FIRST_SEEN, null));
    }

    @Test
    void memory_is_bounded_per_branch_and_a_deleted_branch_is_forgotten() {
        StatusHistory h = new StatusHistory();
        for (int i = 0; i < 100; i++) {
            h.health(KEY, at("c" + i, i, i % 2 == 0 ? broken() : List.of()));
            h.proposal(KEY, fix("c" + i, "revchain/fix-main-" + i), null);
        }
        RepoHistory r = h.history(KEY);
        assertThat(r.transitions()).hasSize(StatusHistory.MAX_TRANSITIONS);
        assertThat(r.truncated()).isTrue();
        assertThat(r.transitions().get(0).commit()).isEqualTo("c99");
        assertThat(r.fixes()).hasSize(StatusHistory.MAX_FIXES);

        h.health(KEY, null);
        assertThat(h.history(KEY)).isNull();
        assertThat(h.keys()).isEmpty();
    }

    @Test
    void a_merge_preview_is_no_branch_history() {
        StatusHistory h = new StatusHistory();
        HealthReport preview = Reports.collision("alpha", "feature-y");
        h.health(preview.key(), preview);
        assertThat(h.keys()).isEmpty();
    }

    @Test
    void the_picture_rows_carry_the_fix_state_and_the_json_names_it() throws Exception {
        OrgPicture p = new OrgPicture();
        p.health(KEY, at("c1", 0, broken()));
        p.proposal(KEY, fix("c1", "revchain/fix-main-aaa"), T0);
        RepoView row = p.view().rows().get(0);
        assertThat(row.fix().state()).isEqualTo(FixState.PROPOSED);

        String json = EventJson.mapper().writeValueAsString(row);
        assertThat(json).contains("\"fix\":{\"state\":\"proposed\",\"fixBranch\":\"revchain/fix-main-aaa\"");
        String history = EventJson.mapper().writeValueAsString(p.history().history(KEY));
        assertThat(history).contains("\"kind\":\"first-seen\"", "\"to\":\"unhealthy\"");
    }

    @Test
    void many_branches_each_keep_their_own_history() {
        StatusHistory h = new StatusHistory();
        for (int i = 0; i < 1000; i++) {
            String k = "r" + i + "@main";
            h.health(k, at("c" + i, 0, i % 3 == 0 ? broken() : List.of()));
        }
        assertThat(h.keys()).hasSize(1000);
        assertThat(h.history("r3@main").transitions().get(0).to()).isEqualTo(HealthStatus.UNHEALTHY);
        assertThat(h.history("r4@main").transitions().get(0).to()).isEqualTo(HealthStatus.HEALTHY);
    }
}
