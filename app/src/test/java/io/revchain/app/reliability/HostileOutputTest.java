package io.revchain.app.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revchain.app.format.Untrusted;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guarantee: a repository's strings cannot steer a terminal or a CI log. Revision ids are Python literals, so a pull
 * request can write {@code '002\n::error file=x::INJECTED'} with a real newline, an ESC/OSC sequence or a bidi
 * override; file names can hold the same. In {@code text}, {@code github}, {@code heads}, {@code history},
 * {@code branches} and {@code repair}'s text every such character is escaped visibly ({@link Untrusted}), so no
 * line the repository wrote can start a GitHub workflow command or fake the summary; JSON keeps the exact strings.
 */
class HostileOutputTest {

    private static final String INI = "[alembic]\nscript_location = migrations\n";
    private static final String V = "migrations/versions/";
    /** Python source of an id that, once read, holds a newline, a workflow command, an OSC title and BEL. */
    private static final String EVIL_ID = "002\\n::error file=x::INJECTED\\x1b]0;pwned\\x07";
    /** Python source of a missing parent: a mask command, a fake summary line, a right-to-left override. */
    private static final String EVIL_PARENT = "gone\\n::add-mask::secret\\r\\nhealthy: 1 chain checked\\u202e\\x9b";
    /** The raw characters none of the human formats may print. */
    private static final Pattern RAW =
            Pattern.compile("[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\u2028\\u2029\\u202a-\\u202e" + "\\u2066-\\u2069]");

    @TempDir
    Path tmp;

    private Path evilRepo() throws IOException {
        Path repo = tmp.resolve("repo");
        write(repo, "alembic.ini", INI);
        write(repo, V + "001_base.py", "revision = '001'\ndown_revision = None\n");
        write(repo, V + "002_evil.py", "revision = '" + EVIL_ID + "'\ndown_revision = '001'\n");
        write(repo, V + "003_gone.py", "revision = '003'\ndown_revision = '" + EVIL_PARENT + "'\n");
        write(repo, V + "004_\u001b[31mred\u202e.py", "revision = '004'\ndown_revision = '003'\n");
        return repo;
    }

    /** A chain Alembic loads: the evil id is a parent, so heads and history print it in their own lines. */
    private Path evilChain() throws IOException {
        Path repo = tmp.resolve("chain");
        write(repo, "alembic.ini", INI);
        write(repo, V + "001_base.py", "revision = '001'\ndown_revision = None\n");
        write(
                repo,
                V + "002_evil.py",
                "\"\"\"" + EVIL_PARENT + "\n\nRevision ID: x\n\"\"\"\nrevision = '" + EVIL_ID
                        + "'\ndown_revision = '001'\n");
        write(repo, V + "003_next.py", "revision = '003'\ndown_revision = '" + EVIL_ID + "'\n");
        write(repo, V + "004_side.py", "revision = '\\u202e004'\ndown_revision = '" + EVIL_ID + "'\n");
        return repo;
    }

    private static void write(Path root, String path, String content) throws IOException {
        Path f = root.resolve(path);
        Files.createDirectories(f.getParent());
        Files.writeString(f, content, StandardCharsets.UTF_8);
    }

    /** No raw control character, and no line (however indented) that the repository started. */
    private static void assertInert(String what, String output) {
        assertThat(RAW.matcher(output).find())
                .as(what + " has a raw control character:\n" + output)
                .isFalse();
        List<String> lines = output.strip().lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String t = lines.get(i).strip();
            assertThat(t)
                    .as(what + " line starts a workflow command:\n" + output)
                    .doesNotStartWith("::");
            if (i < lines.size() - 1) {
                // the summary is the last line; the repository cannot write one above it
                assertThat(t).as(what + " forged summary line:\n" + output).doesNotStartWith("healthy:");
            }
        }
    }

    @Test
    void textHeadsHistoryBranchesAndRepairEscapeRepositoryStrings() throws IOException {
        List<String> seen = new ArrayList<>();
        List<List<String>> commands = List.of(
                List.of("check"),
                List.of("heads"),
                List.of("history"),
                List.of("branches"),
                List.of("heads", "--alembic-version", "1.13"),
                List.of("repair", "--format", "text"));
        for (Path repo : List.of(evilRepo(), evilChain())) {
            for (List<String> args : commands) {
                List<String> full = new ArrayList<>(args);
                full.add(repo.toString());
                Sandbox.Run r = Sandbox.cli(full.toArray(String[]::new));
                assertInert(String.join(" ", args), r.out());
                assertInert(String.join(" ", args) + " (stderr)", r.err());
                seen.add(r.out() + r.err());
            }
        }
        String check = seen.get(0);
        // visibly escaped, not dropped: a reader sees what the file holds
        assertThat(check)
                .contains("002\\n::error file=x::INJECTED\\x1b]0;pwned\\x07")
                .contains("gone\\n::add-mask::secret\\r\\nhealthy: 1 chain checked\\u202e\\x9b")
                .contains("004_\\x1b[31mred\\u202e.py");
        String chain = String.join("", seen.subList(6, 12));
        assertThat(chain)
                .contains("002\\n::error file=x::INJECTED\\x1b]0;pwned\\x07 -> 003")
                .contains("\\u202e004");
    }

    @Test
    void githubAnnotationsAreOneCommandPerFinding() throws IOException {
        Sandbox.Run r = Sandbox.cli("check", "--format", "github", evilRepo().toString());

        assertThat(RAW.matcher(r.out()).find()).as(r.out()).isFalse();
        Pattern command = Pattern.compile(
                "::(error|warning|notice) (file=[^:,\\r\\n]*,(line=\\d+,)?)?" + "title=revchain [a-z-]+::[^\\r\\n]*");
        String[] lines = r.out().split("\n");
        assertThat(lines).isNotEmpty();
        for (String line : lines) {
            assertThat(line).as(r.out()).matches(command);
        }
        // GitHub's own escaping on top: % and line breaks in data, also : and , in properties
        assertThat(r.out())
                .contains("file=migrations/versions/004_\\x1b[31mred\\u202e.py,")
                .contains("::migrations/versions/003_gone.py: down_revision 'gone\\n::add-mask::secret\\r\\n")
                .contains("%0AAlembic: ");
    }

    @Test
    void jsonKeepsTheExactStrings() throws IOException {
        Sandbox.Run r = Sandbox.cli("check", "--format", "json", evilRepo().toString());

        JsonNode root = new ObjectMapper().readTree(r.out());
        String all = root.toString();
        assertThat(root.findValuesAsText("message"))
                .anySatisfy(m ->
                        assertThat(m).contains("gone\n::add-mask::secret\r\nhealthy: 1 chain checked\u202e\u009b"));
        assertThat(all).doesNotContain("\u001b").doesNotContain("\n"); // escaped by JSON itself: \\u001B, \\n
    }

    @Test
    void aHugeIdIsCappedWithAMarker() throws IOException {
        Path repo = tmp.resolve("huge");
        write(repo, "alembic.ini", INI);
        write(repo, V + "001_base.py", "revision = '001'\ndown_revision = None\n");
        write(repo, V + "002_huge.py", "revision = '" + "A".repeat(100_000) + "'\ndown_revision = '001'\n");

        for (String cmd : List.of("check", "heads", "history")) {
            Sandbox.Run r = Sandbox.cli(cmd, repo.toString());
            int longest = 0;
            for (String line : (r.out() + r.err()).split("\n")) {
                longest = Math.max(longest, line.length());
            }
            assertThat(longest).as(cmd).isLessThan(Untrusted.MAX_CHARS + 200);
            assertThat(r.out()).as(cmd).contains("more characters]");
        }
    }

    @Test
    void ordinaryStringsAreUnchanged() {
        for (String s : List.of(
                "ae1027a6acf",
                "migrations/versions/001_base.py",
                "KeyError: 'a\\\\nb'",
                "add user's table — ünïcode ✓ 表",
                "")) {
            assertThat(Untrusted.text(s)).isSameAs(s);
        }
        assertThat(Untrusted.list(List.of("a", "b")))
                .isEqualTo(List.of("a", "b").toString());
    }
}
