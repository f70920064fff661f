package io.revchain.app.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revchain.app.Main;
import io.revchain.core.model.Checks;
import io.revchain.core.model.Policy;
import io.revchain.repair.planning.FileChange;
import io.revchain.repair.planning.RebasePlanner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code revchain check PATH --against REF} on test-made git repositories: two feature branches each add a
 * revision on main's head; after one merges, the other is flagged, and its rebase, merged, is one chain for
 * revchain and for real Alembic 1.8.1.
 */
class CheckAgainstTest {

    @TempDir
    Path tmp;

    record Cli(int exit, String out, String err) {}

    static Cli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Cli(code, out.toString(), err.toString());
    }

    /** main at a→b; feature/x adds c on b; feature/y adds d on b; feature/docs adds no migration. */
    private Git organisation(Path repo) throws Exception {
        Git git = GitRepos.init(repo, "a1000", "b2000");
        GitRepos.branch(git, "feature/x", "main");
        GitRepos.migration(repo, "c3000", "b2000");
        GitRepos.commit(git, "x: add c");
        GitRepos.branch(git, "feature/y", "main");
        GitRepos.migration(repo, "d4000", "b2000");
        GitRepos.commit(git, "y: add d");
        GitRepos.branch(git, "feature/docs", "main");
        Files.writeString(repo.resolve("README.md"), "docs\n");
        GitRepos.commit(git, "docs only");
        return git;
    }

    @Tag("oracle")
    @Test
    void theSecondBranchToMergeIsFlaggedAndItsRebasePassesCheckAndAlembic() throws Exception {
        Path repo = tmp.resolve("repo");
        try (Git git = organisation(repo)) {
            // Given neither branch is merged: each alone merges cleanly into main
            GitRepos.checkout(git, "feature/x");
            Cli x = run("check", repo.toString(), "--against", "main");
            assertThat(x.exit()).as(x.out() + x.err()).isZero();
            GitRepos.checkout(git, "feature/y");
            assertThat(run("check", repo.toString(), "--against", "main").exit()).isZero();

            // When feature/x merges first
            GitRepos.checkout(git, "main");
            GitRepos.merge(git, "feature/x");

            // Then feature/y is flagged: two heads after the merge, naming both branches and both revisions
            GitRepos.checkout(git, "feature/y");
            Cli y = run("check", repo.toString(), "--against", "main", "--format", "json");
            assertThat(y.exit()).as(y.err()).isEqualTo(Main.FINDINGS);
            JsonNode findings = new ObjectMapper().readTree(y.out()).findValue("findings");
            assertThat(findings).hasSize(1);
            JsonNode f = findings.get(0);
            assertThat(f.get("check").asText()).isEqualTo(Checks.MULTIPLE_HEADS_AFTER_MERGE);
            assertThat(f.get("message").asText()).contains("feature/y", "main", "'d4000'", "'c3000'",
                    "down_revision = 'c3000'");
            Cli text = run("check", repo.toString(), "--against", "main");
            assertThat(text.out()).contains("feature/y merged into main", Checks.MULTIPLE_HEADS_AFTER_MERGE);

            // and the docs-only branch never is
            GitRepos.checkout(git, "feature/docs");
            Cli docs = run("check", repo.toString(), "--against", "main", "--format", "json");
            assertThat(docs.exit()).isZero();
            assertThat(new ObjectMapper().readTree(docs.out()).findValue("findings")).isEmpty();

            // When the proposed rebase is applied to feature/y
            GitRepos.checkout(git, "feature/y");
            var against = new AgainstRunner().preview(repo, "main", Policy.alembic());
            assertThat(against.candidate()).isEqualTo("feature/y");
            Path file = repo.resolve(against.preview().rebase().file());
            RebasePlanner.RebasePlan plan = RebasePlanner.plan(against.preview(), Files.readAllBytes(file), Set.of(),
                    Policy.alembic());
            assertThat(plan.verified()).as(plan.remaining().toString()).isTrue();
            assertThat(plan.onto()).containsExactly("c3000");
            assertThat(plan.branch()).matches("revchain/rebase-feature-y-[0-9a-f]{8}");
            assertThat(plan.diff()).contains("-down_revision = 'b2000'", "+down_revision = 'c3000'",
                    "+Revises: c3000");
            FileChange change = plan.change().get(0);
            Files.write(repo.resolve(change.newPath()), change.newBytes());
            GitRepos.commit(git, "rebase d onto c");

            // Then feature/y against main is clean, and once merged main is one chain
            assertThat(run("check", repo.toString(), "--against", "main").exit()).isZero();
            GitRepos.checkout(git, "main");
            GitRepos.merge(git, "feature/y");
            Cli merged = run("check", repo.toString(), "--format", "json");
            assertThat(merged.exit()).as(merged.out()).isZero();
            assertThat(new ObjectMapper().readTree(merged.out()).findValue("heads").toString())
                    .isEqualTo("[\"d4000\"]");
            GitRepos.Run heads = GitRepos.alembic(repo.resolve("alembic.ini"), "heads");
            assertThat(heads.exit()).as(heads.err()).isZero();
            assertThat(heads.out().strip()).isEqualTo("d4000 (head)");
        }
    }

    @Tag("oracle")
    @Test
    void withoutTheRebaseRealAlembicSeesTwoHeadsAfterTheMerge() throws Exception {
        // the oracle for the finding: merging y as is really leaves two heads
        Path repo = tmp.resolve("repo");
        try (Git git = organisation(repo)) {
            GitRepos.checkout(git, "main");
            GitRepos.merge(git, "feature/x");
            GitRepos.merge(git, "feature/y");
            GitRepos.Run heads = GitRepos.alembic(repo.resolve("alembic.ini"), "heads");
            assertThat(heads.out().lines().toList()).containsExactlyInAnyOrder("c3000 (head)", "d4000 (head)");
        }
    }

    @Test
    void badReferencesAndNonRepositoriesAreUsageErrors() throws Exception {
        Path repo = tmp.resolve("repo");
        try (Git git = organisation(repo)) {
            Cli bad = run("check", repo.toString(), "--against", "no-such-branch");
            assertThat(bad.exit()).isEqualTo(Main.USAGE);
            assertThat(bad.err()).contains("unknown revision 'no-such-branch'");
        }
        Path plain = Files.createDirectories(tmp.resolve("plain"));
        Cli none = run("check", plain.toString(), "--against", "main");
        assertThat(none.exit()).isEqualTo(Main.USAGE);
        assertThat(none.err()).contains("not inside one");
    }
}
