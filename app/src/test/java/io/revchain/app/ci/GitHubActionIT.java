package io.revchain.app.ci;

import static io.revchain.testkit.GitFixture.migration;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.revchain.app.Main;
import io.revchain.testkit.GitFixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GitHub Action's entry script ({@code action/entrypoint.sh}) run as GitHub runs it: bash with the
 * {@code GITHUB_*} environment, an event payload file, {@code GITHUB_STEP_SUMMARY} and {@code GITHUB_OUTPUT}, on
 * generated repositories, with revchain on this build's class path.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class GitHubActionIT {

    @TempDir
    Path tmp;

    private Path revchain;

    static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("action.yml"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("action.yml above " + Path.of("").toAbsolutePath()).isNotNull();
        return dir;
    }

    @BeforeEach
    void revchainOnThisClassPath() throws IOException {
        revchain = tmp.resolve("revchain");
        Files.writeString(
                revchain,
                "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java") + "' -Xshare:auto "
                        + "-XX:TieredStopAtLevel=1 -cp '" + System.getProperty("java.class.path") + "' "
                        + Main.class.getName() + " \"$@\"\n");
        assertThat(revchain.toFile().setExecutable(true)).isTrue();
    }

    /** What one run of the action left: exit code, stdout (annotations), the summary and the outputs. */
    record Run(int exit, String out, String summary, Map<String, String> outputs, Path sarif) {
        List<String> annotations(String level) {
            return out.lines().filter(l -> l.startsWith("::" + level + " ")).toList();
        }
    }

    private Run action(Path workspace, String event, String payload, Map<String, String> inputs) throws Exception {
        Path runner = Files.createDirectories(tmp.resolve("runner-" + System.nanoTime()));
        Path summary = Files.createFile(runner.resolve("summary.md"));
        Path outputs = Files.createFile(runner.resolve("outputs"));
        Path eventFile = runner.resolve("event.json");
        Files.writeString(eventFile, payload);
        ProcessBuilder pb = new ProcessBuilder(
                "bash", projectRoot().resolve("action/entrypoint.sh").toString());
        Map<String, String> env = pb.environment();
        env.put("REVCHAIN", revchain.toString());
        env.put("GITHUB_ACTIONS", "true");
        env.put("GITHUB_EVENT_NAME", event);
        env.put("GITHUB_EVENT_PATH", eventFile.toString());
        env.put("GITHUB_WORKSPACE", workspace.toString());
        env.put("GITHUB_STEP_SUMMARY", summary.toString());
        env.put("GITHUB_OUTPUT", outputs.toString());
        env.put("RUNNER_TEMP", runner.toString());
        inputs.forEach((k, v) -> env.put("INPUT_" + k.toUpperCase().replace('-', '_'), v));
        Path out = runner.resolve("stdout");
        pb.redirectErrorStream(true).redirectOutput(out.toFile());
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the action finished").isTrue();
        Map<String, String> written = new LinkedHashMap<>();
        for (String line : Files.readAllLines(outputs)) {
            int eq = line.indexOf('=');
            written.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return new Run(
                p.exitValue(),
                Files.readString(out),
                Files.readString(summary),
                written,
                written.containsKey("sarif-file") && !written.get("sarif-file").isEmpty()
                        ? Path.of(written.get("sarif-file"))
                        : null);
    }

    /** main: 001 ← 003; the pull request's branch: 001 ← 002, made before main moved. Checked out: the branch. */
    private GitFixture staleBranch(String name) throws Exception {
        GitFixture g = GitFixture.create(tmp.resolve(name));
        g.write("alembic.ini", "[alembic]\nscript_location = migrations\n")
                .write("migrations/versions/001_base.py", migration("001", null));
        g.commit("base");
        g.branch("feature", "main");
        g.write("migrations/versions/002_feature.py", migration("002", "001"));
        g.commit("feature");
        g.checkout("main", false);
        g.write("migrations/versions/003_main.py", migration("003", "001"));
        g.commit("main moves on");
        g.checkout("feature", false);
        return g;
    }

    private static String pullRequest(String baseSha) {
        return "{\"action\":\"synchronize\",\"number\":7,\"pull_request\":{\"number\":7,"
                + "\"base\":{\"ref\":\"main\",\"sha\":\"" + baseSha + "\"},\"head\":{\"ref\":\"feature\"}}}";
    }

    @Test
    void aPullRequestWhoseMergeLeavesTwoHeadsFailsWithAnAnnotationSarifSummaryAndOutputs() throws Exception {
        try (GitFixture g = staleBranch("pr")) {
            String base = g.repository().resolve("main").name();

            Run r = action(g.work(), "pull_request", pullRequest(base), Map.of());

            assertThat(r.exit()).as(r.out()).isEqualTo(1);
            assertThat(r.annotations("error"))
                    .singleElement()
                    .satisfies(a -> assertThat(a)
                            .startsWith("::error file=migrations/versions/002_feature.py,line=6,"
                                    + "title=revchain multiple-heads-after-merge::")
                            .contains("down_revision = '003'", "merging feature into " + base.substring(0, 12) + " "));
            assertThat(r.outputs())
                    .containsEntry("status", "unhealthy")
                    .containsEntry("heads", "2")
                    .containsEntry("errors", "1")
                    .containsEntry("findings", "1");
            assertThat(r.summary())
                    .contains("## revchain: unhealthy", "merged into " + base.substring(0, 12))
                    .contains("| error | multiple-heads-after-merge | migrations/versions/002_feature.py");
            JsonNode sarif = new ObjectMapper().readTree(r.sarif().toFile());
            assertThat(sarif.get("version").asText()).isEqualTo("2.1.0");
            assertThat(sarif.at("/runs/0/results")).hasSize(1);
            assertThat(sarif.at("/runs/0/results/0/ruleId").asText()).isEqualTo("multiple-heads-after-merge");
        }
    }

    @Test
    void aMergeGroupChecksTheMergeResultAgainstTheQueuesBase() throws Exception {
        try (GitFixture g = staleBranch("queue")) {
            // Given the merge queue's commit: main with the pull request merged into it
            String base = g.repository().resolve("main").name();
            g.checkout("main", false);
            g.branch("gh-readonly-queue/main/pr-7", "main");
            RevCommit merged = g.merge("feature", "Merge pull request #7");
            String payload = "{\"action\":\"checks_requested\",\"merge_group\":{\"head_sha\":\"" + merged.name()
                    + "\",\"head_ref\":\"refs/heads/gh-readonly-queue/main/pr-7\",\"base_sha\":\"" + base
                    + "\",\"base_ref\":\"refs/heads/main\"}}";

            Run r = action(g.work(), "merge_group", payload, Map.of());

            // Then the queue is stopped: the merge result brings main a second head
            assertThat(r.exit()).as(r.out()).isEqualTo(1);
            assertThat(r.annotations("error"))
                    .singleElement()
                    .satisfies(a -> assertThat(a).contains("multiple-heads-after-merge"));
            assertThat(r.outputs()).containsEntry("status", "unhealthy").containsEntry("heads", "2");
        }
    }

    @Test
    void aHealthyPullRequestPassesQuietly() throws Exception {
        try (GitFixture g = GitFixture.create(tmp.resolve("ok"))) {
            g.write("alembic.ini", "[alembic]\nscript_location = migrations\n")
                    .write("migrations/versions/001_base.py", migration("001", null));
            String base = g.commit("base").name();
            g.branch("feature", "main");
            g.write("migrations/versions/002_next.py", migration("002", "001"));
            g.commit("next");

            Run r = action(g.work(), "pull_request", pullRequest(base), Map.of());

            assertThat(r.exit()).as(r.out()).isZero();
            assertThat(r.out()).doesNotContain("::error", "::warning");
            assertThat(r.outputs())
                    .containsEntry("status", "healthy")
                    .containsEntry("heads", "1")
                    .containsEntry("findings", "0");
            assertThat(r.summary()).contains("## revchain: healthy", "0 finding(s)");
        }
    }

    @Test
    void annotationsAreCappedPerSeverityAndTheSummaryListsEveryFinding() throws Exception {
        // Given 25 migrations whose down_revision names nothing: 25 errors
        try (GitFixture g = GitFixture.create(tmp.resolve("many"))) {
            g.write("alembic.ini", "[alembic]\nscript_location = migrations\n")
                    .write("migrations/versions/000_base.py", migration("000", null));
            for (int i = 1; i <= 25; i++) {
                String id = String.format("%03d", i);
                g.write("migrations/versions/" + id + "_broken.py", migration(id, "x" + id));
            }
            g.commit("broken");

            Run r = action(g.work(), "push", "{}", Map.of("fail-on", "never"));

            // Then 10 error annotations, a notice for the rest, every finding in the summary; fail-on never passes
            assertThat(r.exit()).as(r.out()).isZero();
            assertThat(r.annotations("error")).hasSize(10);
            assertThat(r.out()).contains("more finding(s) in the job summary");
            assertThat(r.summary().lines().filter(l -> l.startsWith("| error | missing-down-revision")))
                    .hasSize(25);
            assertThat(r.outputs()).containsEntry("errors", "25").containsEntry("status", "unhealthy");
        }
    }

    @Test
    void failOnWarningFailsOnAWarningAndFailOnErrorDoesNot() throws Exception {
        // Given two heads on the checked-out branch itself (a warning for Alembic: it runs, upgrade head fails)
        try (GitFixture g = GitFixture.create(tmp.resolve("warn"))) {
            g.write("alembic.ini", "[alembic]\nscript_location = migrations\n")
                    .write("migrations/versions/001_base.py", migration("001", null))
                    .write("migrations/versions/002_a.py", migration("002", "001"))
                    .write("migrations/versions/003_b.py", migration("003", "001"));
            g.commit("two heads");

            assertThat(action(g.work(), "push", "{}", Map.of()).exit()).isZero();
            Run strict = action(g.work(), "push", "{}", Map.of("fail-on", "warning"));
            assertThat(strict.exit()).as(strict.out()).isEqualTo(1);
            assertThat(strict.annotations("warning"))
                    .anySatisfy(a -> assertThat(a).contains("title=revchain multiple-heads"));
            assertThat(strict.outputs()).containsEntry("status", "warning").containsEntry("heads", "2");
        }
    }

    @Test
    void aPathThatCannotBeCheckedIsExit2AndAnErrorNotFindings() throws Exception {
        Files.createDirectories(tmp.resolve("empty"));
        Run r = action(tmp.resolve("empty"), "push", "{}", Map.of("path", "no/such/folder"));
        assertThat(r.exit()).as(r.out()).isEqualTo(2);
        assertThat(r.out()).startsWith("::error title=revchain::revchain: ");
        assertThat(r.outputs()).containsEntry("status", "error");
        assertThat(r.summary()).contains("Could not check");

        Run bad = action(tmp.resolve("empty"), "push", "{}", Map.of("fail-on", "sometimes"));
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.out()).contains("fail-on must be error, warning or never");
    }

    @Test
    void repositoryTextCannotInjectWorkflowCommandsMarkupOrABase() throws Exception {
        // Given a migration whose down_revision carries a workflow command, a table break and HTML
        try (GitFixture g = GitFixture.create(tmp.resolve("hostile"))) {
            g.write("alembic.ini", "[alembic]\nscript_location = migrations\n")
                    .write("migrations/versions/001_base.py", migration("001", null))
                    .write(
                            "migrations/versions/002_evil.py",
                            "revision = '002'\ndown_revision = 'x\\n::error::injected %0A::warning::too | "
                                    + "<img src=x onerror=alert(1)> @octocat [link](http://evil)'\n");
            g.commit("evil");
            // and an event payload whose base is not a commit id
            String payload = pullRequest("main; touch " + tmp.resolve("pwned"));

            Run r = action(g.work(), "pull_request", payload, Map.of("fail-on", "never"));

            assertThat(r.exit()).as(r.out()).isZero();
            assertThat(r.out().lines())
                    .noneMatch(l -> l.startsWith("::error::injected") || l.startsWith("::warning::"));
            assertThat(r.out()).doesNotContain("%0A::warning").contains("%250A");
            assertThat(r.summary()).doesNotContain("<img", "@octocat", "](http", "| <");
            assertThat(r.summary().lines().filter(l -> l.startsWith("| error |")))
                    .allSatisfy(l ->
                            assertThat(l.chars().filter(c -> c == '|').count()).isEqualTo(6));
            assertThat(tmp.resolve("pwned")).doesNotExist();
            assertThat(r.summary()).doesNotContain("merged into");
        }
    }

    @Test
    void actionYmlPassesEveryInputToTheScriptAndDeclaresEveryOutputItWrites() throws Exception {
        Path root = projectRoot();
        JsonNode action = new ObjectMapper(new YAMLFactory())
                .readTree(root.resolve("action.yml").toFile());
        String script = Files.readString(root.resolve("action/entrypoint.sh"), StandardCharsets.UTF_8);
        JsonNode check = null;
        for (JsonNode step : action.at("/runs/steps")) {
            if ("check".equals(step.path("id").asText())) {
                check = step;
            }
        }
        assertThat(check).as("a step with id check").isNotNull();
        assertThat(check.path("run").asText()).contains("$GITHUB_ACTION_PATH/action/entrypoint.sh");
        Map<String, String> env = new HashMap<>();
        check.path("env")
                .fields()
                .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        action.path("inputs").fieldNames().forEachRemaining(input -> {
            if (input.equals("java-version")) {
                return;
            }
            String var = "INPUT_" + input.toUpperCase().replace('-', '_');
            assertThat(env).as("action.yml passes " + input).containsEntry(var, "${{ inputs." + input + " }}");
            assertThat(script).as("entrypoint.sh reads " + var).contains(var);
        });
        List<String> written = List.of("status", "heads", "findings", "errors", "sarif-file");
        assertThat(iterable(action.path("outputs").fieldNames())).containsExactlyInAnyOrderElementsOf(written);
        action.path("outputs")
                .fields()
                .forEachRemaining(o -> assertThat(o.getValue().path("value").asText())
                        .isEqualTo("${{ steps.check.outputs." + o.getKey() + " }}"));
    }

    @Test
    void theReadmesWorkflowRunsOnPullRequestsAndTheMergeQueueAndUploadsTheSarif() throws Exception {
        String readme = Files.readString(projectRoot().resolve("README.md"), StandardCharsets.UTF_8);
        int marker = readme.indexOf("<!-- workflow: GitHubActionIT parses this block -->");
        assertThat(marker).as("the README's workflow block").isPositive();
        int start = readme.indexOf("```yaml\n", marker) + "```yaml\n".length();
        String yaml = readme.substring(start, readme.indexOf("```", start));
        JsonNode workflow = new ObjectMapper(new YAMLFactory()).readTree(yaml);

        assertThat(iterable(workflow.path("on").fieldNames())).contains("pull_request", "merge_group");
        assertThat(workflow.at("/permissions/security-events").asText()).isEqualTo("write");
        JsonNode steps = workflow.at("/jobs/revchain/steps");
        assertThat(steps.get(0).path("uses").asText()).startsWith("actions/checkout@");
        assertThat(steps.get(0).at("/with/fetch-depth").asInt()).isZero();
        JsonNode action = steps.get(1);
        assertThat(action.path("uses").asText()).startsWith("revchain/revchain@");
        JsonNode inputs = new ObjectMapper(new YAMLFactory())
                .readTree(projectRoot().resolve("action.yml").toFile())
                .path("inputs");
        action.path("with")
                .fieldNames()
                .forEachRemaining(k -> assertThat(inputs.has(k))
                        .as("action.yml has the input " + k)
                        .isTrue());
        JsonNode upload = steps.get(2);
        assertThat(upload.path("uses").asText()).startsWith("github/codeql-action/upload-sarif@");
        assertThat(upload.at("/with/sarif_file").asText())
                .isEqualTo("${{ steps." + action.path("id").asText() + ".outputs.sarif-file }}");
    }

    private static List<String> iterable(Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
