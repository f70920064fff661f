package io.revchain.repairer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code feature/y} and {@code feature-y} make the same rebase-branch prefix; each keeps to its own branches. */
class RebaseOwnershipTest {

    private static final String BOT = "revchain";
    private static final String BOT_EMAIL = "revchain@localhost";

    @Test
    void aRebaseBranchMadeForOneCandidateIsNotAnotherCandidatesWithTheSameSafeName(@TempDir Path dir) throws Exception {
        // Given our rebase commit for candidate feature/y on revchain/rebase-feature-y-<hash>
        try (Git git =
                Git.init().setInitialBranch("main").setDirectory(dir.toFile()).call()) {
            PersonIdent bot = new PersonIdent(BOT, BOT_EMAIL);
            git.commit()
                    .setMessage("base")
                    .setAuthor(bot)
                    .setCommitter(bot)
                    .setSign(false)
                    .call();
            RevCommit rebase = git.commit()
                    .setMessage("revchain: rebase\n\n" + FixBranches.TRAILER + ": 0a1b2c3d\n"
                            + FixBranches.CANDIDATE_TRAILER + ": feature/y\n")
                    .setAuthor(bot)
                    .setCommitter(bot)
                    .setSign(false)
                    .call();
            git.branchCreate()
                    .setName("revchain/rebase-feature-y-0a1b2c3d")
                    .setStartPoint(rebase)
                    .call();
            Repository repo = git.getRepository();
            FixBranches branches = new FixBranches(repo, BOT, BOT_EMAIL, null, Duration.ofSeconds(5));

            // Then it is feature/y's, and ours
            List<BranchDecision.Existing> forSlash = branches.existingRebases("feature/y");
            assertThat(forSlash).hasSize(1);
            assertThat(forSlash.get(0).ours()).isTrue();
            // And the candidate feature-y does not see it at all: its plan can neither keep nor delete it
            assertThat(branches.existingRebases("feature-y")).isEmpty();
        }
    }
}
