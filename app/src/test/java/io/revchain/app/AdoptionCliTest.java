package io.revchain.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adopting revchain on a repository with history, through the command line: {@code revchain baseline} and
 * {@code check --baseline}, {@code # revchain: ignore} comments, {@code [tool.revchain]} and {@code revchain lock}.
 */
class AdoptionCliTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static String migration(String rev, String down, String docRev) {
        return "\"\"\"step " + rev + "\n\nRevision ID: " + docRev + "\nRevises: " + (down == null ? "" : down)
                + "\n\"\"\"\nrevision = '" + rev + "'\ndown_revision = " + (down == null ? "None" : "'" + down + "'")
                + "\nbranch_labels = None\ndepends_on = None\n";
    }

    Path versions() throws Exception {
        return Files.createDirectories(dir.resolve("versions"));
    }

    /** a1 ← b2 (docstring says b9) ← c3 depending on a missing z0: one warning, one error, one head. */
    void legacyChain() throws Exception {
        Path v = versions();
        Files.writeString(v.resolve("a1_base.py"), migration("a1", null, "a1"));
        Files.writeString(v.resolve("b2_next.py"), migration("b2", "a1", "b9"));
        Files.writeString(v.resolve("c3_lost.py"), dependsOn(migration("c3", "b2", "c3"), "z0"));
    }

    static String dependsOn(String migration, String missing) {
        return migration.replace("depends_on = None", "depends_on = '" + missing + "'");
    }

    static List<String> checks(JsonNode findings) {
        List<String> out = new ArrayList<>();
        findings.forEach(f -> out.add(f.get("check").asText()));
        return out;
    }

    @Test
    void aBaselinedRepositoryFailsOnlyOnNewFindingsEvenAfterLinesMove() throws Exception {
        // Given a chain with an error and a warning, and its baseline
        legacyChain();
        Cli written = Cli.run("baseline", dir.toString());
        assertThat(written.exit()).as(written.err()).isZero();
        Path file = dir.resolve(".revchain-baseline.json");
        assertThat(written.out()).startsWith("wrote 2 findings to " + file);
        assertThat(JSON.readTree(Files.readString(file)).get("findings")).hasSize(2);
        assertThat(Cli.run("check", dir.toString()).exit()).isEqualTo(1);

        // When lines are inserted at the top of both files and the chain is checked against the baseline
        Path v = dir.resolve("versions");
        for (String name : List.of("b2_next.py", "c3_lost.py")) {
            Files.writeString(v.resolve(name), "# a header\n# added later\n\n" + Files.readString(v.resolve(name)));
        }
        Cli r = Cli.run("check", dir.toString(), "--baseline", file.toString());

        // Then nothing is new: exit 0, and the report says how many known findings it kept back
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out())
                .contains("healthy: 1 chain checked, 0 skipped; 0 errors, 0 warnings")
                .contains("baseline " + file + ": 2 known findings not shown, 0 entries no longer match\n")
                .doesNotContain("missing-dependency");

        // When a new broken migration is added and the old warning fixed
        Files.writeString(v.resolve("d4_new.py"), dependsOn(migration("d4", "c3", "d4"), "y0"));
        Files.writeString(v.resolve("b2_next.py"), migration("b2", "a1", "b2"));
        r = Cli.run("check", dir.toString(), "--baseline", file.toString(), "--format", "json");

        // Then only the new finding is reported and fails the check; the fixed entry is counted
        assertThat(r.exit()).isEqualTo(1);
        JsonNode root = JSON.readTree(r.out());
        JsonNode chain = root.get("chains").get(0);
        assertThat(chain.get("findings")).singleElement().satisfies(f -> {
            assertThat(f.get("check").asText()).isEqualTo("missing-dependency");
            assertThat(f.get("revision").asText()).isEqualTo("d4");
        });
        assertThat(chain.get("suppressed")).singleElement().satisfies(f -> {
            assertThat(f.get("revision").asText()).isEqualTo("c3");
            assertThat(f.get("suppression").get("kind").asText()).isEqualTo("baseline");
        });
        assertThat(root.get("baseline").get("known").asInt()).isEqualTo(1);
        assertThat(root.get("baseline").get("fixed").asInt()).isEqualTo(1);

        // And SARIF marks the known finding as suppressed outside the source, so code scanning closes it
        JsonNode run = JSON.readTree(
                        Cli.run("check", dir.toString(), "--baseline", file.toString(), "--format", "sarif")
                                .out())
                .get("runs")
                .get(0);
        List<JsonNode> external = new ArrayList<>();
        run.get("results").forEach(res -> {
            if (res.has("suppressions")) {
                external.add(res);
            }
        });
        assertThat(external).singleElement().satisfies(res -> {
            assertThat(res.get("ruleId").asText()).isEqualTo("missing-dependency");
            assertThat(res.get("suppressions").get(0).get("kind").asText()).isEqualTo("external");
            assertThat(res.get("suppressions").get(0).get("justification").asText())
                    .isEqualTo("recorded in the baseline " + file);
        });
        assertThat(run.get("properties").get("baseline").get("known").asInt()).isEqualTo(1);
    }

    @Test
    void aMalformedOrMissingBaselineIsAUsageErrorNamingTheFileAndLine() throws Exception {
        legacyChain();
        Path bad = Files.writeString(dir.resolve("base.json"), "{\n  \"schema\": 1,\n  \"findings\": [\n    {,\n");
        Cli r = Cli.run("check", dir.toString(), "--baseline", bad.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err())
                .startsWith("revchain: " + bad + ":4:")
                .contains("not valid JSON")
                .hasLineCount(1);

        Cli missing = Cli.run(
                "check", dir.toString(), "--baseline", dir.resolve("none.json").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err())
                .isEqualTo("revchain: " + dir.resolve("none.json")
                        + ": no such baseline file (write one with 'revchain baseline PATH')\n");
    }

    @Test
    void commentsSuppressFindingsWithTheirReasonInEveryFormatAndIdleOnesAreReported() throws Exception {
        // Given a file-wide suppression with a reason, a trailing one, and one that suppresses nothing
        Path v = versions();
        Files.writeString(v.resolve("a1_base.py"), migration("a1", null, "a1"));
        Files.writeString(
                v.resolve("b2_next.py"),
                "# revchain: ignore[docstring-mismatch] -- written by hand before 2020\n"
                        + migration("b2", "a1", "b9"));
        Files.writeString(
                v.resolve("c3_lost.py"),
                migration("c3", "b2", "c3")
                        .replace("down_revision = 'b2'", "down_revision = 'b2'  # revchain: ignore[cycle]"));

        // When it is checked as text
        Cli text = Cli.run("check", dir.toString());

        // Then the docstring finding is shown as ignored with its reason, the idle comment is a warning
        assertThat(text.exit()).as(text.out() + text.err()).isZero();
        assertThat(text.out())
                .contains("  ignored docstring-mismatch  versions/b2_next.py:")
                .contains("          suppressed on line 1: written by hand before 2020\n")
                .contains("  warning unused-suppression  versions/c3_lost.py:7\n"
                        + "          '# revchain: ignore[cycle]' suppresses no cycle finding on line 7; remove it or "
                        + "correct it\n")
                .contains("healthy: 1 chain checked, 0 skipped; 0 errors, 1 warning, 0 notes\n"
                        + "1 finding suppressed by '# revchain: ignore' comments\n");

        // And JSON and SARIF keep the reason
        JsonNode json = JSON.readTree(
                Cli.run("check", dir.toString(), "--format", "json").out());
        JsonNode chain = json.get("chains").get(0);
        assertThat(checks(chain.get("findings"))).containsExactly("unused-suppression");
        assertThat(chain.get("suppressed")).singleElement().satisfies(f -> {
            assertThat(f.get("check").asText()).isEqualTo("docstring-mismatch");
            assertThat(f.get("suppression").get("kind").asText()).isEqualTo("inSource");
            assertThat(f.get("suppression").get("reason").asText()).isEqualTo("written by hand before 2020");
            assertThat(f.get("suppression").get("line").asInt()).isEqualTo(1);
        });
        JsonNode run = JSON.readTree(
                        Cli.run("check", dir.toString(), "--format", "sarif").out())
                .get("runs")
                .get(0);
        List<JsonNode> suppressed = new ArrayList<>();
        run.get("results").forEach(res -> {
            if (res.has("suppressions")) {
                suppressed.add(res);
            }
        });
        assertThat(suppressed).singleElement().satisfies(res -> {
            assertThat(res.get("ruleId").asText()).isEqualTo("docstring-mismatch");
            assertThat(res.get("suppressions").get(0).get("kind").asText()).isEqualTo("inSource");
            assertThat(res.get("suppressions").get(0).get("justification").asText())
                    .isEqualTo("written by hand before 2020");
        });
    }

    @Test
    void aTrailingCommentSuppressesTheFindingOnItsLine() throws Exception {
        Path v = versions();
        Files.writeString(v.resolve("a1_base.py"), migration("a1", null, "a1"));
        Files.writeString(
                v.resolve("c3_lost.py"),
                migration("c3", "x0", "c3")
                        .replace(
                                "down_revision = 'x0'",
                                "down_revision = 'x0'  # revchain: ignore[missing-down-revision] -- squashed"));
        Cli r = Cli.run("check", dir.toString(), "--format", "json");
        assertThat(r.exit()).as(r.out()).isZero();
        JsonNode chain = JSON.readTree(r.out()).get("chains").get(0);
        assertThat(checks(chain.get("suppressed"))).containsExactly("missing-down-revision");
        assertThat(checks(chain.get("findings"))).doesNotContain("missing-down-revision");
    }

    @Test
    void pyprojectConfiguresTheCheckUnlessARevchainYamlExists() throws Exception {
        legacyChain();
        Files.writeString(
                dir.resolve("pyproject.toml"),
                "[project]\nname = \"app\"\n\n[tool.revchain]\n" + "ignore = [\"missing-dependency\"]\n");
        Cli r = Cli.run("check", dir.toString());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).doesNotContain("missing-dependency").doesNotContain("note:");

        Files.writeString(dir.resolve(".revchain.yaml"), "policy: alembic\n");
        r = Cli.run("check", dir.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out())
                .contains("note: [tool.revchain] in pyproject.toml is ignored: .revchain.yaml is read instead\n")
                .contains("missing-dependency");

        Files.delete(dir.resolve(".revchain.yaml"));
        Files.writeString(dir.resolve("pyproject.toml"), "[tool.revchain]\npolicy = \"strict\"\n");
        r = Cli.run("check", dir.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err())
                .isEqualTo("revchain: " + dir.resolve("pyproject.toml")
                        + ":1:1: [tool.revchain]: unknown policy 'strict' (expected one of: alembic, acgs2)\n");
    }

    @Test
    void lockWritesTheHeadsAndCheckFailsOnceTheyAreStale() throws Exception {
        // Given a healthy chain a1 ← b2, locked
        Path v = versions();
        Files.writeString(v.resolve("a1_base.py"), migration("a1", null, "a1"));
        Files.writeString(v.resolve("b2_next.py"), migration("b2", "a1", "b2"));
        Cli lock = Cli.run("lock", dir.toString());
        assertThat(lock.exit()).as(lock.err()).isZero();
        assertThat(lock.out()).isEqualTo("wrote versions/.revchain-head: b2\n");
        assertThat(Files.readString(v.resolve(".revchain-head"), StandardCharsets.UTF_8))
                .endsWith("\nb2\n");
        Cli clean = Cli.run("check", dir.toString());
        assertThat(clean.exit()).as(clean.out()).isZero();
        assertThat(clean.out()).doesNotContain("stale-head-lock").doesNotContain("unloaded-file");

        // When a migration is added without locking again
        Files.writeString(v.resolve("c3_more.py"), migration("c3", "b2", "c3"));
        Cli stale = Cli.run("check", dir.toString());

        // Then the check fails and says what to run; after 'revchain lock' it passes
        assertThat(stale.exit()).isEqualTo(1);
        assertThat(stale.out())
                .contains("  error   stale-head-lock  versions/.revchain-head:3\n"
                        + "          versions/.revchain-head names head(s) b2 but the chain's head(s) are c3: run "
                        + "'revchain lock' after adding or merging a migration, and commit the file\n");
        assertThat(Cli.run("lock", dir.toString()).exit()).isZero();
        assertThat(Cli.run("check", dir.toString()).exit()).isZero();
    }
}
