package io.revchain.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revchain.testkit.GitFixture;
import io.revchain.testkit.TestTrees;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckCommandTest {

    static final Path ACGS2 =
            Path.of("..", "fixtures", "acgs2").toAbsolutePath().normalize();
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void acgs2FixtureReportsEveryBreakUnderPolicyAcgs2() throws Exception {
        // Given the ACGS-2 migration folder (19 files, 3 roots, 7 broken references)
        // When it is checked under the acgs2 policy as JSON
        Cli r = Cli.run("check", ACGS2.toString(), "--policy", "acgs2", "--format", "json");

        // Then the exit code says errors, and every break of the seed plan is reported
        assertThat(r.exit()).isEqualTo(1);
        JsonNode root = JSON.readTree(r.out());
        assertThat(root.get("schema").asInt()).isEqualTo(1);
        assertThat(root.get("policy").asText()).isEqualTo("acgs2");
        assertThat(root.get("status").asText()).isEqualTo("unhealthy");
        JsonNode chain = root.get("chains").get(0);
        assertThat(chain.get("revisions").asInt()).isEqualTo(19);
        assertThat(texts(chain.get("bases")))
                .containsExactlyInAnyOrder("82069bc89d27", "001_multi_tenant", "task8_incremental_compilation");

        List<JsonNode> findings = new ArrayList<>();
        chain.get("findings").forEach(findings::add);
        Set<String> broken = new TreeSet<>();
        Set<String> missingHash = new TreeSet<>();
        Set<String> prefixes = new TreeSet<>();
        for (JsonNode f : findings) {
            assertThat(f.get("severity").asText()).isIn("error", "warning", "info");
            assertThat(f.get("message").asText()).isNotBlank();
            switch (f.get("check").asText()) {
                case "missing-down-revision" -> {
                    broken.add(f.get("revision").asText());
                    assertThat(f.get("severity").asText()).isEqualTo("error");
                    assertThat(f.get("line").asInt()).isPositive();
                    assertThat(f.get("alembic").asText()).contains("KeyError");
                }
                case "missing-constitutional-hash" ->
                    missingHash.add(f.get("file").asText());
                case "duplicate-prefix" ->
                    prefixes.add(f.get("message").asText().replaceAll(".*prefix '(\\d+_)'.*", "$1"));
                default -> {}
            }
        }
        assertThat(broken)
                .containsExactlyInAnyOrder(
                        "003_add_policy_versions",
                        "004_add_qec_enhancement_fields",
                        "006_add_wina_constitutional_updates",
                        "c3d4e5f6a7b8",
                        "e5f6a7b8c9d0",
                        "f6a7b8c9d0e1",
                        "task9_constitutional_cache");
        assertThat(findings)
                .anySatisfy(
                        f -> assertThat(f.get("message").asText()).contains("005_add_qec_conflict_resolution_fields"));
        assertThat(findings)
                .anySatisfy(f -> assertThat(f.get("message").asText()).contains("i4j5k6l7m8n9"));
        assertThat(missingHash).hasSize(5).allSatisfy(p -> assertThat(p).startsWith("migrations/versions/"));
        assertThat(prefixes).containsExactly("004_", "006_");
        assertThat(findings).anySatisfy(f -> {
            assertThat(f.get("check").asText()).isEqualTo("multiple-bases");
            assertThat(f.get("severity").asText()).isEqualTo("error");
        });
        assertThat(findings).anySatisfy(f -> {
            assertThat(f.get("check").asText()).isEqualTo("multiple-heads");
            assertThat(f.get("severity").asText()).isEqualTo("error");
        });
    }

    @Test
    void alembicPolicyKeepsShapeFindingsAsWarnings() throws Exception {
        Cli r = Cli.run("check", ACGS2.toString(), "--format", "json");
        assertThat(r.exit()).isEqualTo(1);
        JsonNode findings = JSON.readTree(r.out()).get("chains").get(0).get("findings");
        findings.forEach(f -> {
            if (Set.of("multiple-heads", "multiple-bases", "duplicate-prefix")
                    .contains(f.get("check").asText())) {
                assertThat(f.get("severity").asText()).isEqualTo("warning");
            }
            assertThat(f.get("check").asText()).isNotEqualTo("missing-constitutional-hash");
        });
    }

    @Test
    void healthyChainExitsZero(@TempDir Path dir) throws Exception {
        Path v = Files.createDirectories(dir.resolve("versions"));
        write(v.resolve("a1_base.py"), "revision = 'a1'\ndown_revision = None\n");
        write(v.resolve("b2_next.py"), "revision = 'b2'\ndown_revision = 'a1'\n");
        Cli r = Cli.run("check", dir.toString());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("2 revisions").contains("healthy: 1 chain checked, 0 skipped; 0 errors");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void sarifIsValidForCodeScanning() throws Exception {
        Cli r = Cli.run("check", ACGS2.toString(), "--policy", "acgs2", "--format", "sarif");
        assertThat(r.exit()).isEqualTo(1);
        JsonNode root = JSON.readTree(r.out());
        assertThat(root.get("version").asText()).isEqualTo("2.1.0");
        JsonNode run = root.get("runs").get(0);
        List<String> ruleIds = texts(run.get("tool").get("driver").get("rules").findValues("id"));
        assertThat(ruleIds).contains("missing-down-revision", "duplicate-prefix", "missing-constitutional-hash");
        for (JsonNode res : run.get("results")) {
            String ruleId = res.get("ruleId").asText();
            assertThat(ruleIds.get(res.get("ruleIndex").asInt())).isEqualTo(ruleId);
            assertThat(res.get("level").asText()).isIn("error", "warning", "note");
            assertThat(res.get("partialFingerprints").get("revchainFinding/v1").asText())
                    .hasSize(32);
            JsonNode loc = res.path("locations").path(0).path("physicalLocation");
            if (!loc.isMissingNode()) {
                assertThat(loc.get("artifactLocation").get("uri").asText())
                        .doesNotStartWith("/")
                        .doesNotContain("\\");
                assertThat(loc.get("region").get("startLine").asInt()).isPositive();
            }
        }
    }

    @Test
    void githubFormatPrintsWorkflowCommands() {
        Cli r = Cli.run("check", ACGS2.toString(), "--format", "github");
        assertThat(r.exit()).isEqualTo(1);
        List<String> lines = r.out().lines().toList();
        assertThat(lines).isNotEmpty().allSatisfy(l -> assertThat(l).matches("::(error|warning|notice) .*::.*"));
        assertThat(lines)
                .anySatisfy(
                        l -> assertThat(l)
                                .startsWith(
                                        "::error file=migrations/versions/c3d4e5f6a7b8_add_pgc_tables.py,line=13,title=revchain missing-down-revision::"));
    }

    @Test
    void trackedOnlyLeavesOutAndNamesWhatGitDoesNotTrack(@TempDir Path dir) throws Exception {
        // Given a chain whose second file git does not track yet
        Path repo = TestTrees.oneFileChain(dir.resolve("repo"), "revision = 'a1'\ndown_revision = None\n");
        try (GitFixture git = GitFixture.create(dir.resolve("git"))) {
            Path work = git.work();
            Files.writeString(work.resolve("alembic.ini"), Files.readString(repo.resolve("alembic.ini")));
            Files.createDirectories(work.resolve("migrations/versions"));
            Files.copy(repo.resolve("migrations/versions/one.py"), work.resolve("migrations/versions/one.py"));
            git.commit("base");
            Files.writeString(
                    work.resolve("migrations/versions/b2_next.py"), "revision = 'b2'\ndown_revision = 'a1'\n");
            Files.writeString(
                    work.resolve("migrations/versions/c3_last.py"), "revision = 'c3'\ndown_revision = 'b2'\n");
            Process add =
                    new ProcessBuilder("git", "-C", work.toString(), "add", "migrations/versions/c3_last.py").start();
            assertThat(add.waitFor()).isZero();

            // When it is checked as a commit holds it
            Cli all = Cli.run("check", work.toString(), "--format", "json");
            Cli tracked = Cli.run("check", work.toString(), "--tracked-only", "--format", "json");

            // Then the untracked file is left out and named, and the chain is what the commit holds
            assertThat(all.exit()).as(all.err()).isZero();
            assertThat(tracked.exit()).as(tracked.out()).isEqualTo(1);
            JsonNode root = JSON.readTree(tracked.out());
            assertThat(texts(root.get("notes")))
                    .singleElement()
                    .asString()
                    .contains("not tracked by git", "migrations/versions/b2_next.py")
                    .doesNotContain("c3_last");
            assertThat(root.get("chains")
                            .get(0)
                            .get("findings")
                            .get(0)
                            .get("check")
                            .asText())
                    .isEqualTo("missing-down-revision");
        }

        // And outside a git working copy it is a usage error saying so
        Cli outside = Cli.run("check", repo.toString(), "--tracked-only");
        assertThat(outside.exit()).isEqualTo(2);
        assertThat(outside.err()).startsWith("revchain: --tracked-only: ").contains("not in a git working copy");
    }

    @Test
    void usageAndIoErrorsAreOneLineExitTwo(@TempDir Path dir) throws Exception {
        Cli missing = Cli.run("check", dir.resolve("nope").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err().trim())
                .contains("no such file or directory")
                .doesNotContain("Exception")
                .hasLineCount(1);

        Cli policy = Cli.run("check", dir.toString(), "--policy", "strict");
        assertThat(policy.exit()).isEqualTo(2);
        assertThat(policy.err()).contains("unknown policy 'strict'");

        Cli format = Cli.run("check", dir.toString(), "--format", "xml");
        assertThat(format.exit()).isEqualTo(2);
        assertThat(format.err()).contains("xml").doesNotContain("at io.");

        write(dir.resolve(".revchain.yaml"), "policy: acgs2\npolcy: x\n");
        Cli config = Cli.run("check", dir.toString());
        assertThat(config.exit()).isEqualTo(2);
        assertThat(config.err().trim())
                .contains(".revchain.yaml:2:")
                .contains("unknown key 'polcy'")
                .hasLineCount(1);

        Path file = write(dir.resolve("f.txt"), "x");
        Cli notFolder = Cli.run("check", file.toString());
        assertThat(notFolder.exit()).isEqualTo(2);
        assertThat(notFolder.err()).contains("not a folder");
    }

    @Test
    void repositoryConfigSetsPolicyAndFlagsWin(@TempDir Path dir) throws Exception {
        Path v = Files.createDirectories(dir.resolve("versions"));
        write(v.resolve("a1_base.py"), "revision = 'a1'\ndown_revision = None\n");
        write(dir.resolve(".revchain.yaml"), "policy: acgs2\n");
        Cli acgs2 = Cli.run("check", dir.toString(), "--format", "json");
        assertThat(acgs2.exit()).isEqualTo(1);
        assertThat(acgs2.out()).contains("\"policy\" : \"acgs2\"").contains("missing-constitutional-hash");
        Cli flag = Cli.run("check", dir.toString(), "--policy", "alembic");
        assertThat(flag.exit()).isZero();
    }

    @Test
    void hostileFilesGiveFindingsNotStackTraces(@TempDir Path dir) throws Exception {
        Path v = Files.createDirectories(dir.resolve("versions"));
        write(v.resolve("a1_base.py"), "revision = 'a1'\ndown_revision = None\n");
        byte[] binary = new byte[4096];
        new Random(7).nextBytes(binary);
        Files.write(v.resolve("b_binary.py"), binary);
        Files.write(
                v.resolve("c_latin.py"),
                "revision = 'c'\ndown_revision = 'a1'\n# caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        write(v.resolve("d_int.py"), "revision = 12\ndown_revision = 'a1'\n");
        byte[] big = new byte[50 * 1024 * 1024];
        Arrays.fill(big, (byte) '#');
        Files.write(v.resolve("e_big.py"), big);
        Path outside = write(
                dir.getParent().resolve(dir.getFileName() + "-outside.py"), "revision = 'x'\ndown_revision = None\n");
        Files.createSymbolicLink(v.resolve("f_link.py"), outside);

        Cli r = Cli.run("check", dir.toString(), "--format", "json");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
        JsonNode findings = JSON.readTree(r.out()).get("chains").get(0).get("findings");
        List<String> pairs = new ArrayList<>();
        findings.forEach(
                f -> pairs.add(f.get("check").asText() + " " + f.path("file").asText()));
        assertThat(pairs)
                .contains(
                        "unparseable-file versions/b_binary.py",
                        "unparseable-file versions/c_latin.py",
                        "unparseable-file versions/e_big.py",
                        "unsafe-path versions/f_link.py");
        assertThat(pairs)
                .anySatisfy(p -> assertThat(p).endsWith("versions/d_int.py").startsWith("invalid-revision-id"));
        Files.deleteIfExists(outside);
    }

    @Test
    void checksAreListed() {
        Cli r = Cli.run("checks");
        assertThat(r.exit()).isZero();
        assertThat(r.out())
                .contains("missing-down-revision")
                .contains("duplicate-prefix")
                .contains("cycle");
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static List<String> texts(List<JsonNode> nodes) {
        return nodes.stream().map(JsonNode::asText).toList();
    }

    static Path write(Path p, String text) throws Exception {
        Files.createDirectories(p.getParent());
        return Files.writeString(p, text);
    }
}
