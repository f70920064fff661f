package io.revchain.repairer;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.core.config.RepositorySpec;
import io.revchain.core.model.Policy;
import io.revchain.core.model.Strategy;
import io.revchain.testkit.GitFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Planning at a commit of a git repository: which settings win, and that nothing is left behind on disk. */
class CommitPlannerTest {

    @TempDir
    Path tmp;

    private static RepositorySpec spec(GitFixture r, Strategy strategy, String policy) {
        return RepositorySpec.of("x", r.remote().toString())
                .withStrategy(strategy)
                .withPolicy(policy == null ? null : Policy.Kind.parse(policy));
    }

    @Test
    void theRepositorysOwnFileFillsWhatTheOrganisationLeavesOpen() throws Exception {
        // Given a broken repository whose .revchain.yaml asks for linearize under acgs2 at its second commit
        GitFixture r = Checkouts.broken(tmp.resolve("r"));
        RevCommit before = r.git().log().setMaxCount(1).call().iterator().next();
        r.write(".revchain.yaml", "policy: acgs2\nstrategy: linearize\n");
        RevCommit after = r.commitAndPush("settings", "main");
        CommitPlanner planner = new CommitPlanner("cdd01ef066bc6cf2");
        var repo = r.git().getRepository();

        // Then without the file the defaults apply, with it the file's settings, and the org entry wins over it
        RepoPlan plain = planner.plan(repo, before, spec(r, null, null), tmp.resolve("s1"));
        assertThat(plain.strategy()).isEqualTo(Strategy.MERGE);
        assertThat(plain.policy()).isEqualTo("alembic");
        RepoPlan own = planner.plan(repo, after, spec(r, null, null), tmp.resolve("s2"));
        assertThat(own.strategy()).isEqualTo(Strategy.LINEARIZE);
        assertThat(own.policy()).isEqualTo("acgs2");
        RepoPlan org = planner.plan(repo, after, spec(r, Strategy.MERGE, "alembic"), tmp.resolve("s3"));
        assertThat(org.strategy()).isEqualTo(Strategy.MERGE);
        assertThat(org.policy()).isEqualTo("alembic");

        // and each plan covers the one chain, is verified, changes only its version folder, leaves no scratch
        for (RepoPlan p : List.of(plain, own, org)) {
            assertThat(p.versionLocations()).containsExactly("migrations/versions");
            assertThat(p.pushable()).isTrue();
            assertThat(p.changes()).allSatisfy(c -> assertThat(c.newPath()).startsWith("migrations/versions/"));
            assertThat(p.hash()).matches("[0-9a-f]{12}");
        }
        assertThat(plain.hash())
                .isEqualTo(planner.plan(repo, before, spec(r, null, null), tmp.resolve("s4"))
                        .hash());
        for (String s : List.of("s1", "s2", "s3", "s4")) {
            assertThat(tmp.resolve(s)).doesNotExist();
        }
    }

    @Test
    void anInvalidOwnFileBecomesANote() throws Exception {
        GitFixture r = Checkouts.broken(tmp.resolve("r"));
        r.write(".revchain.yaml", "strategy: sideways\n");
        RevCommit c = r.commitAndPush("bad settings", "main");
        RepoPlan p = new CommitPlanner("cdd01ef066bc6cf2")
                .plan(r.git().getRepository(), c, spec(r, null, null), tmp.resolve("s"));
        assertThat(p.notes()).anyMatch(n -> n.contains(".revchain.yaml") && n.contains("organisation's settings"));
        assertThat(p.strategy()).isEqualTo(Strategy.MERGE);
        assertThat(Files.exists(tmp.resolve("s"))).isFalse();
    }
}
