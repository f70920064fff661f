package io.revchain.repairer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.revchain.git.FixRefs;
import io.revchain.repair.planning.RebasePlanner;
import io.revchain.repairer.BranchDecision.Existing;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The pure rules: fix branch names, which refs may be pushed, and what happens to existing fix branches. */
class BranchRulesTest {

    private static final String H1 = "0123456789ab";
    private static final String H2 = "ba9876543210";

    @Test
    void rebaseBranchNamesBelongToTheirCandidateAndAreNeverFixBranches() {
        String name = RebasePlanner.branchName("feature/y", "diff");
        assertThat(name).matches("revchain/rebase-feature-y-[0-9a-f]{8}");
        String hash = name.substring(name.length() - 8);
        assertThat(FixRefs.rebaseHashOf(name, "feature/y")).contains(hash);
        // a rebase branch of feature-y-2 is not one of feature-y, nor a fix branch of anything
        assertThat(FixRefs.rebaseHashOf("revchain/rebase-feature-y-2-" + hash, "feature/y"))
                .isEmpty();
        assertThat(FixRefs.rebaseHashOf("revchain/rebase-feature-y-2-" + hash, "feature-y-2"))
                .contains(hash);
        assertThat(FixRefs.rebaseHashOf("revchain/rebase-feature-y-abc", "feature/y"))
                .isEmpty();
        assertThat(FixRefs.planHashOf(name, "feature/y")).isEmpty();
        assertThat(FixRefs.rebaseHashOf("revchain/fix-main-" + H1, "main")).isEmpty();
        assertThat(FixRefs.requirePushable(name)).isEqualTo("refs/heads/" + name);
    }

    @Test
    void fixBranchNamesBelongToExactlyOneBranch() {
        assertThat(FixRefs.fixBranch("main", H1)).isEqualTo("revchain/fix-main-" + H1);
        assertThat(FixRefs.fixBranch("release/1.0", H1)).isEqualTo("revchain/fix-release/1.0-" + H1);
        assertThat(FixRefs.planHashOf("revchain/fix-main-" + H1, "main")).contains(H1);
        // a fix branch of main-x is not one of main, and a name without a full hash is nobody's
        assertThat(FixRefs.planHashOf("revchain/fix-main-x-" + H1, "main")).isEmpty();
        assertThat(FixRefs.planHashOf("revchain/fix-main-x-" + H1, "main-x")).contains(H1);
        assertThat(FixRefs.planHashOf("revchain/fix-main-abc", "main")).isEmpty();
        assertThat(FixRefs.planHashOf("revchain/other", "main")).isEqualTo(Optional.empty());
        assertThatThrownBy(() -> FixRefs.fixBranch("main", "XYZ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyRefsUnderRefsHeadsRevchainArePushable() {
        assertThat(FixRefs.requirePushable("refs/heads/revchain/fix-main-" + H1))
                .isEqualTo("refs/heads/revchain/fix-main-" + H1);
        assertThat(FixRefs.requirePushable("revchain/fix-main-" + H1)).isEqualTo("refs/heads/revchain/fix-main-" + H1);
        for (String ref : List.of(
                "refs/heads/main",
                "main",
                "refs/heads/revchain",
                "refs/heads/revchain/",
                "refs/heads/revchainx/y",
                "refs/heads/revchain/../main",
                "refs/tags/revchain/x",
                "refs/remotes/origin/revchain/x",
                "refs/heads/revchain/a..b",
                "refs/heads/revchain/x.lock",
                "refs/heads/revchain/a b",
                "HEAD")) {
            assertThatThrownBy(() -> FixRefs.requirePushable(ref))
                    .as(ref)
                    .isInstanceOf(FixRefs.RefusedRefException.class)
                    .hasMessageContaining("refs/heads/revchain/");
        }
    }

    @Test
    void aNewPlanCreatesItsBranchAndReplacesOurOldOnes() {
        // Given our branch of an older plan and a foreign one
        Existing old = new Existing("revchain/fix-main-" + H2, "a", true);
        Existing theirs = new Existing("revchain/fix-main-" + "cccccccccccc", "b", false);
        // When a new plan is to be pushed
        BranchDecision.Outcome d = BranchDecision.fix("revchain/fix-main-" + H1, List.of(old, theirs));
        // Then its branch is created, ours goes, theirs stays and is reported
        assertThat(d.create()).isEqualTo("revchain/fix-main-" + H1);
        assertThat(d.current()).isEqualTo("revchain/fix-main-" + H1);
        assertThat(d.delete()).containsExactly(old);
        assertThat(d.foreign()).containsExactly(theirs);
    }

    @Test
    void theSamePlanCreatesNothing() {
        Existing same = new Existing("revchain/fix-main-" + H1, "a", true);
        BranchDecision.Outcome d = BranchDecision.fix(same.name(), List.of(same));
        assertThat(d.create()).isNull();
        assertThat(d.current()).isEqualTo(same.name());
        assertThat(d.delete()).isEmpty();
        assertThat(d.foreign()).isEmpty();
    }

    @Test
    void aPlanWhoseBranchSomeoneElseTookMovesNothing() {
        Existing taken = new Existing("revchain/fix-main-" + H1, "a", false);
        Existing ours = new Existing("revchain/fix-main-" + H2, "b", true);
        BranchDecision.Outcome d = BranchDecision.fix(taken.name(), List.of(taken, ours));
        assertThat(d.create()).isNull();
        assertThat(d.current()).isNull();
        assertThat(d.delete()).isEmpty();
        assertThat(d.foreign()).containsExactly(taken);
    }

    @Test
    void healthyDeletesOnlyOursAndAnUnpushablePlanMovesNothing() {
        Existing ours = new Existing("revchain/fix-main-" + H1, "a", true);
        Existing theirs = new Existing("revchain/fix-main-" + H2, "b", false);
        BranchDecision.Outcome clean = BranchDecision.clean(List.of(ours, theirs));
        assertThat(clean.delete()).containsExactly(ours);
        assertThat(clean.foreign()).containsExactly(theirs);
        assertThat(clean.create()).isNull();
        BranchDecision.Outcome hold = BranchDecision.hold(List.of(ours, theirs));
        assertThat(hold.delete()).isEmpty();
        assertThat(hold.create()).isNull();
        assertThat(hold.foreign()).containsExactly(theirs);
    }

    @Test
    void versionFoldersBoundWhatACommitMayWrite() {
        List<String> folders = List.of("migrations/versions");
        FixBranches.requireInside("migrations/versions/005_x.py", folders);
        for (String p : List.of(
                "setup.py",
                "migrations/env.py",
                "migrations/versions/../env.py",
                "/etc/passwd",
                "migrations/versionsX/a.py",
                "migrations/versions/./a.py")) {
            assertThatThrownBy(() -> FixBranches.requireInside(p, folders))
                    .as(p)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        FixBranches.requireInside("a.py", List.of("."));
        assertThatThrownBy(() -> FixBranches.requireInside("sub/a.py", List.of(".")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void gitHubRemotesNameTheirRepository() {
        assertThat(GitHubPulls.repositoryOf("https://github.com/acme/app.git")).contains("acme/app");
        assertThat(GitHubPulls.repositoryOf("https://github.com/acme/app")).contains("acme/app");
        assertThat(GitHubPulls.repositoryOf("git@github.com:acme/app.git")).contains("acme/app");
        assertThat(GitHubPulls.repositoryOf("ssh://git@github.com/acme/app.git"))
                .contains("acme/app");
        assertThat(GitHubPulls.repositoryOf("https://gitlab.com/acme/app.git")).isEmpty();
        assertThat(GitHubPulls.repositoryOf("/srv/git/app.git")).isEmpty();
    }
}
