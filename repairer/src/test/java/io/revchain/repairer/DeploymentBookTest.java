package io.revchain.repairer;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.core.config.RepositorySpec;
import io.revchain.event.DeploymentObserved;
import io.revchain.repair.planning.AppliedEnvironments;
import io.revchain.repair.planning.RepairAction;
import io.revchain.testkit.GitFixture;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repairer takes the union of what every environment applied (from {@code revchain.deployments} observations)
 * as deployed: the same commit is planned differently with and without them.
 */
class DeploymentBookTest {

    @TempDir
    Path tmp;

    static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void theLastObservationPerEnvironmentWinsAndAFailedOneIsUnreadable() {
        DeploymentBook book = DeploymentBook.of(Map.of(
                "shop",
                List.of(
                        DeploymentObserved.read("shop", "prod", null, List.of("b2"), DeploymentObserved.POLL, T0),
                        // an older observation arriving later changes nothing
                        DeploymentObserved.read(
                                "shop", "prod", null, List.of("a1"), DeploymentObserved.PUSH, T0.minusSeconds(60)),
                        DeploymentObserved.failed("shop", "eu", null, "unreachable", "connection refused", T0)),
                "other",
                List.of(DeploymentObserved.read("other", "prod", null, List.of("zz"), DeploymentObserved.POLL, T0))));

        AppliedEnvironments one = book.applied("shop", "alembic", 1);
        assertThat(one.rows()).containsExactly(Map.entry("prod", List.of("b2")));
        assertThat(one.unreadable()).containsOnlyKeys("eu");
        assertThat(one.unreadable().get("eu")).contains("unreachable").contains("connection refused");
        // with several chains an observation naming none is unreadable for each
        assertThat(book.applied("shop", "core", 2).unreadable()).containsOnlyKeys("prod", "eu");
        assertThat(book.applied("nobody", "alembic", 1).isEmpty()).isTrue();
    }

    @Test
    void theRepairersPlanChangesWithTheDeployments() throws Exception {
        // a1, then b2 and c3 both on a1; the repository asks for linearize
        GitFixture r = GitFixture.create(tmp.resolve("r"));
        r.write("alembic.ini", Checkouts.INI)
                .write("migrations/env.py", "# env\n")
                .write(".revchain.yaml", "strategy: linearize\n")
                .write(Checkouts.V + "a1_step.py", GitFixture.migration("a1", null))
                .write(Checkouts.V + "b2_step.py", GitFixture.migration("b2", "a1"))
                .write(Checkouts.V + "c3_step.py", GitFixture.migration("c3", "a1"));
        RevCommit c = r.commitAndPush("a fork", "main");
        RepositorySpec spec = RepositorySpec.of("shop", r.remote().toString());
        var repo = r.git().getRepository();

        RepoPlan blind = new CommitPlanner("cdd01ef066bc6cf2").plan(repo, c, spec, tmp.resolve("s1"));
        DeploymentBook book = DeploymentBook.of(Map.of(
                "shop",
                List.of(DeploymentObserved.read("shop", "prod", null, List.of("c3"), DeploymentObserved.POLL, T0))));
        RepoPlan held = new CommitPlanner("cdd01ef066bc6cf2", book).plan(repo, c, spec, tmp.resolve("s2"));

        assertThat(repointed(blind)).containsExactly("c3");
        assertThat(repointed(held)).containsExactly("b2");
        assertThat(held.pushable()).isTrue();
        assertThat(held.describe()).anySatisfy(l -> assertThat(l).contains("environment prod: next upgrade runs [b2"));

        // prod staying on c3 and staging on b2: a merge revision, no re-pointing
        book.observe(DeploymentObserved.read("shop", "staging", null, List.of("b2"), DeploymentObserved.POLL, T0));
        RepoPlan merged = new CommitPlanner("cdd01ef066bc6cf2", book).plan(repo, c, spec, tmp.resolve("s3"));
        assertThat(repointed(merged)).isEmpty();
        assertThat(merged.plans().get(0).actions())
                .anyMatch(a -> a.kind().label().equals("add-merge-revision"));

        // a database the poller could not read: the plan is never pushed
        book.observe(DeploymentObserved.failed("shop", "eu", null, "timeout", "statement timeout", T0));
        RepoPlan refused = new CommitPlanner("cdd01ef066bc6cf2", book).plan(repo, c, spec, tmp.resolve("s4"));
        assertThat(refused.verified()).isTrue();
        assertThat(refused.pushable()).isFalse();
        assertThat(refused.describe()).anySatisfy(l -> assertThat(l).startsWith("- refused: environment 'eu'"));
    }

    private static List<String> repointed(RepoPlan p) {
        return p.plans().stream()
                .flatMap(x -> x.actions().stream())
                .filter(a -> a.kind().label().equals("set-down-revision"))
                .map(RepairAction::revision)
                .toList();
    }
}
