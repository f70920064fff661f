package io.revchain.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revchain.app.check.CheckRunner;
import io.revchain.core.model.Policy;
import io.revchain.testkit.TestTrees;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code revchain repair} on the ACGS-2 fixture: output formats, --write, exit codes. */
class RepairCommandTest {

    @TempDir
    Path tmp;

    record Result(int exit, String out, String err) {}

    /** Runs the command with the same error handling as {@code Main}: a user's mistake or I/O error exits 2. */
    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new RepairCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        cl.setExecutionExceptionHandler((ex, c, parse) -> {
            c.getErr().println("revchain: " + ex.getMessage());
            return ex instanceof UserError || ex instanceof UncheckedIOException ? 2 : 3;
        });
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void writeLinearizesTheFixtureSoThatCheckPasses() throws IOException {
        // Given a copy of the ACGS-2 fixture
        Path root = TestTrees.copy(TestTrees.locate("fixtures/acgs2"), tmp.resolve("acgs2"));

        // When repair --policy acgs2 --write runs (linearize is acgs2's default)
        Result r = run(root.toString(), "--policy", "acgs2", "--write");

        // Then it exits 0, prints the diff and wrote the files; check --policy acgs2 is now healthy
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("diff --git", "new file mode 100644", "rename from");
        assertThat(r.err()).contains("wrote");
        assertThat(new CheckRunner()
                        .check(root, new CheckRunner.Overrides("acgs2", null, null))
                        .healthy())
                .isTrue();
        // and a second repair has nothing to do
        Result again = run(root.toString(), "--policy", "acgs2");
        assertThat(again.exit()).isZero();
        assertThat(again.out()).isEmpty();
    }

    @Test
    void withoutWriteNothingChangesAndTheTextFormatExplainsEachAction() throws IOException {
        Path root = TestTrees.copy(TestTrees.locate("fixtures/acgs2"), tmp.resolve("acgs2"));
        Map<String, String> before = TestTrees.contents(root);

        Result r = run(root.toString(), "--policy", "acgs2", "--format", "text");

        assertThat(r.exit()).isZero();
        assertThat(TestTrees.contents(root)).isEqualTo(before);
        assertThat(r.out())
                .contains(
                        "strategy linearize",
                        "verified",
                        "[high] create-placeholder",
                        "[medium] set-down-revision",
                        "[low] rename-file",
                        "fixes missing-down-revision",
                        "diff --git");
    }

    @Test
    void mergeUnderAcgs2LeavesSeveralBasesAndExitsOne() throws IOException {
        Path root = TestTrees.copy(TestTrees.locate("fixtures/acgs2"), tmp.resolve("acgs2"));
        Map<String, String> before = TestTrees.contents(root);

        Result r = run(root.toString(), "--policy", "acgs2", "--strategy", "merge", "--format", "json", "--write");

        JsonNode plan = new ObjectMapper().readTree(r.out()).at("/chains/0");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(plan.get("strategy").asText()).isEqualTo("merge");
        assertThat(plan.get("clean").asBoolean()).isFalse();
        assertThat(plan.get("remaining").toString()).contains("multiple-bases");
        assertThat(r.err()).contains("would remain");
        // a plan that leaves errors is still written when verified: it fixes what it claims and adds nothing
        assertThat(TestTrees.contents(root)).isNotEqualTo(before);
    }

    @Test
    void deployedFileIsHonoured() throws IOException {
        Path root = TestTrees.copy(TestTrees.locate("fixtures/acgs2"), tmp.resolve("acgs2"));
        Path deployed = Files.writeString(tmp.resolve("deployed.txt"), "# prod\nb2c3d4e5f6a7\n\n");

        Result r =
                run(root.toString(), "--policy", "acgs2", "--deployed-file", deployed.toString(), "--format", "json");

        JsonNode actions = new ObjectMapper().readTree(r.out()).at("/chains/0/actions");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(actions.size()).isGreaterThan(5);
        for (JsonNode a : actions) {
            if (a.get("kind").asText().equals("set-down-revision")) {
                assertThat(a.get("revision").asText()).isNotIn("b2c3d4e5f6a7", "a1b2c3d4e5f6", "82069bc89d27");
            }
        }
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(run(tmp.resolve("missing").toString()).exit()).isEqualTo(2);
        assertThat(run(tmp.toString(), "--strategy", "rebase").exit()).isEqualTo(2);
        assertThat(run(tmp.toString(), "--deployed-file", tmp.resolve("nope").toString())
                        .exit())
                .isEqualTo(2);
        assertThat(run(tmp.toString(), "--policy", "strict").exit()).isEqualTo(2);
    }

    @Test
    void aHealthyFolderNeedsNothing() throws IOException {
        Path v = Files.createDirectories(tmp.resolve("versions"));
        Files.writeString(v.resolve("a1_init.py"), "revision = 'a1'\ndown_revision = None\n");
        Files.writeString(v.resolve("b2_next.py"), "revision = 'b2'\ndown_revision = 'a1'\n");
        Result r = run(tmp.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(Policy.alembic().name()).isEqualTo("alembic");
    }
}
