package io.revchain.app.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revchain.app.Main;
import io.revchain.core.model.Check;
import io.revchain.core.model.Policy;
import io.revchain.repair.planning.FileChange;
import io.revchain.repair.planning.RebasePlanner;
import io.revchain.testkit.AlembicOracle;
import io.revchain.testkit.GitFixture;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
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
    private static GitFixture organisation(Path dir) throws Exception {
        GitFixture git = GitFixture.create(dir);
        git.write("alembic.ini", "[alembic]\nscript_location = migrations\n");
        step(step(git, "a1000", null), "b2000", "a1000").commit("initial chain");
        git.branch("feature/x", "main");
        step(git, "c3000", "b2000").commit("x: add c");
        git.branch("feature/y", "main");
        step(git, "d4000", "b2000").commit("y: add d");
        git.branch("feature/docs", "main");
        git.write("README.md", "docs\n").commit("docs only");
        return git;
    }

    /** Writes {@code migrations/versions/<id>_step.py} revising {@code down} (null for a base). */
    private static GitFixture step(GitFixture git, String id, String down) throws IOException {
        String src = "\"\"\"step " + id + "\n\nRevision ID: " + id + "\nRevises: " + (down == null ? "" : down)
                + "\nCreate Date: 2024-01-01 00:00:00\n\"\"\"\nfrom alembic import op\n\nrevision = '" + id
                + "'\ndown_revision = " + (down == null ? "None" : "'" + down + "'")
                + "\nbranch_labels = None\ndepends_on = None\n\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n"
                + "    pass\n";
        return git.write("migrations/versions/" + id + "_step.py", src);
    }

    @Tag("oracle")
    @Test
    void theSecondBranchToMergeIsFlaggedAndItsRebasePassesCheckAndAlembic() throws Exception {
        try (GitFixture git = organisation(tmp.resolve("repo"))) {
            Path repo = git.work();
            // Given neither branch is merged: each alone merges cleanly into main
            git.checkout("feature/x", false);
            Cli x = run("check", repo.toString(), "--against", "main");
            assertThat(x.exit()).as(x.out() + x.err()).isZero();
            git.checkout("feature/y", false);
            assertThat(run("check", repo.toString(), "--against", "main").exit())
                    .isZero();

            // When feature/x merges first
            git.checkout("main", false);
            git.merge("feature/x", "merge " + "feature/x");

            // Then feature/y is flagged: two heads after the merge, naming both branches and both revisions
            git.checkout("feature/y", false);
            Cli y = run("check", repo.toString(), "--against", "main", "--format", "json");
            assertThat(y.exit()).as(y.err()).isEqualTo(Main.FINDINGS);
            JsonNode findings = new ObjectMapper().readTree(y.out()).findValue("findings");
            assertThat(findings).hasSize(1);
            JsonNode f = findings.get(0);
            assertThat(f.get("check").asText()).isEqualTo(Check.MULTIPLE_HEADS_AFTER_MERGE.wire());
            assertThat(f.get("message").asText())
                    .contains("feature/y", "main", "'d4000'", "'c3000'", "down_revision = 'c3000'");
            Cli text = run("check", repo.toString(), "--against", "main");
            assertThat(text.out()).contains("feature/y merged into main", Check.MULTIPLE_HEADS_AFTER_MERGE.wire());

            // and the docs-only branch never is
            git.checkout("feature/docs", false);
            Cli docs = run("check", repo.toString(), "--against", "main", "--format", "json");
            assertThat(docs.exit()).isZero();
            assertThat(new ObjectMapper().readTree(docs.out()).findValue("findings"))
                    .isEmpty();

            // When the proposed rebase is applied to feature/y
            git.checkout("feature/y", false);
            var against =
                    new AgainstRunner().previews(repo, "main", Policy.alembic()).get(0);
            assertThat(against.candidate()).isEqualTo("feature/y");
            Path file = repo.resolve(against.preview().rebase().file());
            RebasePlanner.RebasePlan plan =
                    RebasePlanner.plan(against.preview(), Files.readAllBytes(file), Set.of(), Policy.alembic());
            assertThat(plan.verified()).as(plan.remaining().toString()).isTrue();
            assertThat(plan.onto()).containsExactly("c3000");
            assertThat(plan.branch()).matches("revchain/rebase-feature-y-[0-9a-f]{8}");
            assertThat(plan.diff()).contains("-down_revision = 'b2000'", "+down_revision = 'c3000'", "+Revises: c3000");
            FileChange change = plan.change().get(0);
            Files.write(repo.resolve(change.newPath()), change.newBytes());
            git.commit("rebase d onto c");

            // Then feature/y against main is clean, and once merged main is one chain
            assertThat(run("check", repo.toString(), "--against", "main").exit())
                    .isZero();
            git.checkout("main", false);
            git.merge("feature/y", "merge " + "feature/y");
            Cli merged = run("check", repo.toString(), "--format", "json");
            assertThat(merged.exit()).as(merged.out()).isZero();
            assertThat(new ObjectMapper()
                            .readTree(merged.out())
                            .findValue("heads")
                            .toString())
                    .isEqualTo("[\"d4000\"]");
            AlembicOracle.Run heads = AlembicOracle.command(repo.resolve("alembic.ini"), "heads");
            assertThat(heads.exit()).as(heads.err()).isZero();
            assertThat(heads.out().strip()).isEqualTo("d4000 (head)");
        }
    }

    @Tag("oracle")
    @Test
    void withoutTheRebaseRealAlembicSeesTwoHeadsAfterTheMerge() throws Exception {
        // the oracle for the finding: merging y as is really leaves two heads
        try (GitFixture git = organisation(tmp.resolve("repo"))) {
            Path repo = git.work();
            git.checkout("main", false);
            git.merge("feature/x", "merge " + "feature/x");
            git.merge("feature/y", "merge " + "feature/y");
            AlembicOracle.Run heads = AlembicOracle.command(repo.resolve("alembic.ini"), "heads");
            assertThat(heads.out().lines().toList()).containsExactlyInAnyOrder("c3000 (head)", "d4000 (head)");
        }
    }

    @Test
    void eachChainIsMergedOnItsOwnAsAlembicNRunsIt() throws Exception {
        // Given two chains, [core] and [tenant]; main adds a core revision, the branch a tenant one
        try (GitFixture git = GitFixture.create(tmp.resolve("chains"))) {
            git.write("alembic.ini", "[core]\nscript_location = core\n\n[tenant]\nscript_location = tenant\n");
            git.write("core/versions/c1_base.py", GitFixture.migration("c1", null))
                    .write("tenant/versions/t1_base.py", GitFixture.migration("t1", null));
            git.commit("two chains");
            git.branch("feature/tenant", "main");
            git.write("tenant/versions/t2_next.py", GitFixture.migration("t2", "t1"));
            git.commit("tenant: t2");
            git.checkout("main", false);
            git.write("core/versions/c2_next.py", GitFixture.migration("c2", "c1"));
            git.commit("core: c2");
            git.checkout("feature/tenant", false);
            Path repo = git.work();

            // When the branch is checked against main
            Cli healthy =
                    run("check", repo.toString(), "--against", "main", "--format", "json", "--fail-on", "warning");

            // Then each chain has one head: nothing to report, nothing joined across chains
            assertThat(healthy.exit()).as(healthy.out() + healthy.err()).isZero();
            JsonNode chains = new ObjectMapper().readTree(healthy.out()).get("chains");
            assertThat(chains).hasSize(2);
            assertThat(chains.get(0).get("name").asText()).isEqualTo("core");
            assertThat(chains.get(0).get("heads").toString()).isEqualTo("[\"c2\"]");
            assertThat(chains.get(1).get("name").asText()).isEqualTo("tenant");
            assertThat(chains.get(1).get("heads").toString()).isEqualTo("[\"t2\"]");

            // And a collision in one chain names only that chain's heads; -n selects a chain
            git.checkout("main", false);
            git.write("tenant/versions/t3_main.py", GitFixture.migration("t3", "t1"));
            git.commit("tenant on main: t3");
            git.checkout("feature/tenant", false);
            Cli collides = run("check", repo.toString(), "--against", "main", "-n", "tenant");
            assertThat(collides.exit()).as(collides.out()).isEqualTo(Main.FINDINGS);
            assertThat(collides.out())
                    .contains("multiple-heads-after-merge", "'t2'", "'t3'")
                    .doesNotContain("c2");
            assertThat(run("check", repo.toString(), "--against", "main", "-n", "core")
                            .exit())
                    .isZero();
            Cli unknown = run("check", repo.toString(), "--against", "main", "-n", "nope");
            assertThat(unknown.exit()).isEqualTo(Main.USAGE);
            assertThat(unknown.err()).contains("chains: core, tenant");
        }
    }

    @Test
    void aRepositoryWithNoChainOnEitherSideIsAUsageErrorNotHealthy() throws Exception {
        try (GitFixture git = GitFixture.create(tmp.resolve("nochain"))) {
            git.write("README.md", "no migrations\n").commit("docs");
            git.branch("feature", "main");
            git.write("README.md", "still none\n").commit("more docs");
            Cli none = run("check", git.work().toString(), "--against", "main");
            assertThat(none.exit()).isEqualTo(Main.USAGE);
            assertThat(none.err()).startsWith("revchain: no Alembic migration chain found");
        }
    }

    @Test
    void badReferencesAndNonRepositoriesAreUsageErrors() throws Exception {
        try (GitFixture git = organisation(tmp.resolve("repo"))) {
            Path repo = git.work();
            Cli bad = run("check", repo.toString(), "--against", "no-such-branch");
            assertThat(bad.exit()).isEqualTo(Main.USAGE);
            assertThat(bad.err()).contains("unknown revision 'no-such-branch'");
        }
        Path plain = Files.createDirectories(tmp.resolve("plain"));
        Cli none = run("check", plain.toString(), "--against", "main");
        assertThat(none.exit()).isEqualTo(Main.USAGE);
        assertThat(none.err()).contains("not inside one");
    }

    @Test
    void aCommentInTheMergedFileSuppressesItsFindingAsCheckDoes() throws Exception {
        try (GitFixture git = organisation(tmp.resolve("repo"))) {
            Path repo = git.work();
            // Given a branch whose new revision's docstring names another parent, once with a suppressing comment
            git.branch("feature/doc", "main");
            step(git, "e5000", "b2000").commit("doc: add e");
            Path file = repo.resolve("migrations/versions/e5000_step.py");
            Files.writeString(file, Files.readString(file).replace("Revises: b2000", "Revises: a1000"));
            git.commit("doc: docstring by hand");
            Cli plain = run("check", repo.toString(), "--against", "main", "--format", "json");
            assertThat(new ObjectMapper().readTree(plain.out()).findValue("findings"))
                    .extracting(f -> f.get("check").asText())
                    .contains(Check.DOCSTRING_MISMATCH.wire());

            // When the file carries '# revchain: ignore[docstring-mismatch]' with a reason
            Files.writeString(
                    file, "# revchain: ignore[docstring-mismatch] -- written by hand\n" + Files.readString(file));
            git.commit("doc: suppress");
            Cli json = run("check", repo.toString(), "--against", "main", "--format", "json");

            // Then the merge preview keeps it aside with its reason, as 'check' of the working tree does
            JsonNode chain =
                    new ObjectMapper().readTree(json.out()).get("chains").get(0);
            assertThat(chain.get("findings"))
                    .extracting(f -> f.get("check").asText())
                    .doesNotContain(Check.DOCSTRING_MISMATCH.wire());
            assertThat(chain.get("suppressed")).singleElement().satisfies(f -> {
                assertThat(f.get("check").asText()).isEqualTo(Check.DOCSTRING_MISMATCH.wire());
                assertThat(f.get("suppression").get("reason").asText()).isEqualTo("written by hand");
            });
            JsonNode local = new ObjectMapper()
                    .readTree(run("check", repo.toString(), "--format", "json").out())
                    .get("chains")
                    .get(0);
            assertThat(local.get("suppressed")).hasSize(1);
        }
    }
}
