package io.revchain.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code revchain demo} end to end, in its own JVM so that its console is exactly what a user sees: real git
 * repositories, the embedded broker, all four services, the reviewers' merges and the steady phase.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DemoIT {

    private static final List<String> BROKEN = List.of("acgs2-services", "orders", "inventory");

    @Test
    void theDemoClosesTheLoopFromBrokenToMergedAndHealthy(@TempDir Path dir) throws Exception {
        // When the demo runs (kept in a folder so its remotes can be inspected afterwards)
        Path stdout = dir.resolve("stdout.txt");
        Path stderr = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName(),
                        "demo",
                        "--dir",
                        dir.resolve("demo").toString(),
                        "--timeout",
                        "200"))
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        assertThat(p.waitFor(4, TimeUnit.MINUTES)).as("the demo finished").isTrue();
        String out = Files.readString(stdout);
        String err = Files.readString(stderr);

        // Then it exits 0: the first-scan report, the three phases, every repository healthy, compliance 100%
        assertThat(p.exitValue()).as(out + err).isZero();
        assertThat(out)
                .contains("first scan: 4 repositories, 1 healthy, 3 need a fix")
                .contains("create-placeholder i4j5k6l7m8n9")
                .contains("create-placeholder 005_add_qec_conflict_resolution_fields")
                .contains("phases")
                .contains("fixes merged")
                .contains("3 fix branches merged into main by the reviewers")
                .contains("4/4 repositories healthy at the merged commits, compliance 100.0%")
                .contains("pre-merge check: billing feature/ledger into main would bring multiple-heads-after-merge")
                .contains("at the end of the steady phase, targets (measured vs target)")
                .contains("p99 verification latency")
                .contains("cache hit rate (re-scans)")
                .contains("revchain demo: 4 repositories, 4 healthy, compliance 100.0%")
                // the closing matrix: each repository's two SQLite environments against main
                .contains("environments (each database's version table against main)")
                .containsPattern("(?m)^  billing +prod: (at head|behind \\d+) +staging: behind \\d+$")
                .containsPattern("(?m)^  orders +prod: [a-z]+.* +staging: behind \\d+$");

        // And each broken repository's main holds the reviewers' merge of the repairer's fix commit
        Path remotes = dir.resolve("demo/org/remotes");
        for (String repo : BROKEN) {
            List<RevCommit> merges = mainHistory(remotes.resolve(repo + ".git")).stream()
                    .filter(c -> c.getParentCount() == 2
                            && c.getShortMessage().startsWith("Merge pull request from revchain/fix-main-"))
                    .toList();
            assertThat(merges).as(repo).hasSize(1);
            assertThat(merges.get(0).getParent(1).getFullMessage())
                    .as(repo)
                    .startsWith("revchain: repair the migration chain of main");
        }

        // And the ACGS-2 main, checked out, passes check under its policy
        Path checkout = dir.resolve("acgs2-main");
        Git.cloneRepository()
                .setURI(remotes.resolve("acgs2-services.git").toUri().toString())
                .setBranch("main")
                .setDirectory(checkout.toFile())
                .call()
                .close();
        Cli check = Cli.run("check", checkout.toString(), "--policy", "acgs2");
        assertThat(check.exit()).as(check.out()).isZero();

        // And no fix branch is left on any remote: the repairer deleted the merged ones
        for (String repo : List.of("acgs2-services", "billing", "orders", "inventory")) {
            assertThat(fixBranches(remotes.resolve(repo + ".git"))).as(repo).isEmpty();
        }

        // And the console holds only the product's own lines; the library lines went to the demo's log file
        List<String> console = new ArrayList<>(out.lines().toList());
        console.addAll(err.lines().toList());
        assertThat(console)
                .noneMatch(l -> l.matches("^\\[[^\\]]+\\] (TRACE|DEBUG|INFO|WARN|ERROR) .*"))
                .noneMatch(l -> l.contains("org.apache.kafka") || l.contains("org.eclipse.jgit"));
        assertThat(err).contains("log lines of the services and their libraries go to");
        assertThat(dir.resolve("demo/revchain-demo.log")).exists();
    }

    static List<String> fixBranches(Path remote) throws Exception {
        return Git.lsRemoteRepository().setRemote(remote.toUri().toString()).setHeads(true).call().stream()
                .map(Ref::getName)
                .filter(n -> n.startsWith("refs/heads/revchain/fix-"))
                .map(n -> n.substring("refs/heads/".length()))
                .collect(Collectors.toList());
    }

    private static List<RevCommit> mainHistory(Path remote) throws Exception {
        try (Git g = Git.open(remote.toFile())) {
            List<RevCommit> out = new ArrayList<>();
            g.log().add(g.getRepository().resolve("refs/heads/main")).call().forEach(out::add);
            return out;
        }
    }
}
