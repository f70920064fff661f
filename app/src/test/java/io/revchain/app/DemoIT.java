package io.revchain.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Ref;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code revchain demo} end to end: real git repositories, the embedded broker, all four services. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DemoIT {

    @Test
    void demoReportsEveryRepositoryAndPushesAFixForEveryBrokenOne(@TempDir Path dir) throws Exception {
        // When the demo runs (kept in a folder so its remotes can be inspected afterwards)
        Cli r = Cli.run("demo", "--dir", dir.toString(), "--timeout", "150");

        // Then it exits 0 with the organisation report
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out())
                .contains("revchain demo: 4 repositories, 1 healthy, 3 need a fix")
                .contains("acgs2-services")
                .contains("billing")
                .contains("orders")
                .contains("inventory")
                .contains("targets (measured vs target)")
                .contains("p99 verification latency")
                .contains("cache hit rate (re-scans)");
        assertThat(r.out())
                .contains("create-placeholder i4j5k6l7m8n9")
                .contains("create-placeholder 005_add_qec_conflict_resolution_fields");

        // And every broken repository's remote carries exactly one revchain/ fix branch; the healthy one none
        for (String repo : List.of("acgs2-services", "orders", "inventory")) {
            assertThat(fixBranches(dir.resolve("org/remotes/" + repo + ".git")))
                    .as(repo)
                    .hasSize(1);
        }
        assertThat(fixBranches(dir.resolve("org/remotes/billing.git"))).isEmpty();
        // And the ACGS-2 fix branch, checked out, passes check under acgs2
        Path checkout = dir.resolve("acgs2-fixed");
        String branch =
                fixBranches(dir.resolve("org/remotes/acgs2-services.git")).get(0);
        try (Git g = Git.cloneRepository()
                .setURI(dir.resolve("org/remotes/acgs2-services.git").toUri().toString())
                .setBranch(branch)
                .setDirectory(checkout.toFile())
                .call()) {
            assertThat(Files.list(checkout.resolve("migrations/versions")).count())
                    .isEqualTo(21);
        }
        Cli check = Cli.run("check", checkout.toString(), "--policy", "acgs2");
        assertThat(check.exit()).as(check.out()).isZero();
    }

    static List<String> fixBranches(Path remote) throws Exception {
        return Git.lsRemoteRepository().setRemote(remote.toUri().toString()).setHeads(true).call().stream()
                .map(Ref::getName)
                .filter(n -> n.startsWith("refs/heads/revchain/"))
                .map(n -> n.substring("refs/heads/".length()))
                .collect(Collectors.toList());
    }
}
