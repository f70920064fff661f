package io.revchain.repair.planning;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revchain.core.model.Policy;
import io.revchain.core.parse.PyRepr;
import io.revchain.testkit.AlembicOracle;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A repository's strings never become code in a file the repairer writes: a broken {@code down_revision} whose value
 * closes a docstring and imports {@code os} gets a placeholder revision that real Python reads as one docstring, the
 * usual imports and the hostile string as the revision id, nothing more.
 */
class HostileRepairTest {

    private static final String EVIL = "x\"\"\"\nimport os\nos.system('touch /tmp/pwned')\n\"\"\"";
    private static final String EVIL_SINGLE = "y'''\nimport subprocess\n'''\r\u2028\u0000";

    /** What real Python makes of a module: the modules it imports, the revision it assigns, its docstring's lines. */
    private static JsonNode python(String source) throws Exception {
        String script = "import ast, json, sys\n"
                + "t = ast.parse(sys.stdin.read())\n"
                + "imps = [a.name for n in t.body if isinstance(n, ast.Import) for a in n.names]\n"
                + "imps += [n.module for n in t.body if isinstance(n, ast.ImportFrom)]\n"
                + "rev = [ast.literal_eval(n.value) for n in t.body if isinstance(n, (ast.Assign, ast.AnnAssign))"
                + " and getattr(n, 'targets', [getattr(n, 'target', None)])[0].id == 'revision']\n"
                + "calls = [ast.dump(n) for n in t.body if isinstance(n, ast.Expr)][1:]\n"
                + "print(json.dumps({'imports': imps, 'revision': rev, 'exprs': calls,"
                + " 'doc': ast.get_docstring(t, clean=False)}))\n";
        AlembicOracle.Run r = AlembicOracle.run(AlembicOracle.Invocation.of("-c", script)
                .input(source.getBytes(StandardCharsets.UTF_8))
                .timeout(Duration.ofSeconds(30)));
        assertThat(r.timedOut()).isFalse();
        assertThat(r.exit()).as(r.err()).isZero();
        return new ObjectMapper().readTree(r.out());
    }

    private static String pyLiteral(String s) {
        return PyRepr.quoted(s, '\'');
    }

    private static String placeholderFor(String missing, String template) {
        List<SourceText> files = List.of(
                new SourceText("versions/a.py", "revision = 'a'\ndown_revision = None\n".getBytes()),
                new SourceText(
                        "versions/b.py",
                        ("revision = 'b'\ndown_revision = " + pyLiteral(missing) + "\n")
                                .getBytes(StandardCharsets.UTF_8)));
        RepairRequest req = RepairRequest.of(files, "versions", Policy.alembic());
        RepairPlan plan = new RepairPlanner().plan(template == null ? req : req.withTemplate(template));
        return plan.changes().stream()
                .filter(FileChange::created)
                .map(c -> new String(c.newBytes(), StandardCharsets.UTF_8))
                .filter(t -> t.contains("placeholder") || t.contains("Placeholder"))
                .findFirst()
                .orElseThrow();
    }

    @Tag("oracle")
    @Test
    void aDocstringBreakingIdStaysInsideTheDocstringOfThePlaceholder() throws Exception {
        for (String evil : List.of(EVIL, EVIL_SINGLE)) {
            String text = placeholderFor(evil, null);
            JsonNode py = python(text);
            assertThat(py.get("imports"))
                    .extracting(JsonNode::asText)
                    .as(text)
                    .containsExactly("sqlalchemy", "alembic");
            assertThat(py.get("exprs")).as(text).isEmpty();
            assertThat(py.get("revision").get(0).asText()).isEqualTo(evil);
            // the hostile text is in the docstring, as text: Python reads it back whole from there
            assertThat(py.get("doc").asText()).contains("Revision ID: " + evil);
        }
    }

    @Tag("oracle")
    @Test
    void theFoldersOwnTemplateGetsTheSameProtection() throws Exception {
        String mako = "\"\"\"${message}\n\nRevision ID: ${up_revision}\nRevises: ${down_revision | comma,n}\n"
                + "Create Date: ${create_date}\n\n\"\"\"\nfrom alembic import op\n\n"
                + "revision = ${repr(up_revision)}\ndown_revision = ${repr(down_revision)}\n"
                + "branch_labels = ${repr(branch_labels)}\ndepends_on = ${repr(depends_on)}\n\n\ndef upgrade():\n"
                + "    ${upgrades if upgrades else \"pass\"}\n\n\ndef downgrade():\n"
                + "    ${downgrades if downgrades else \"pass\"}\n";
        String text = placeholderFor(EVIL, mako);
        JsonNode py = python(text);
        assertThat(py.get("imports")).extracting(JsonNode::asText).as(text).containsExactly("alembic");
        assertThat(py.get("exprs")).as(text).isEmpty();
        assertThat(py.get("revision").get(0).asText()).isEqualTo(EVIL);
    }

    @Tag("oracle")
    @Test
    void aHostileMarkerFromTheRepositorysConfigurationBecomesNoCode() throws Exception {
        // .revchain.yaml is in the pull request too: its marker is appended to every file under acgs2
        Policy acgs2 = Policy.acgs2().withMarker("cdd\"\"\"\nimport os\r\"\"\"");
        List<SourceText> files = List.of(
                new SourceText("versions/a.py", "\"\"\"first\"\"\"\nrevision = 'a'\ndown_revision = None\n".getBytes()),
                new SourceText("versions/b.py", "revision = 'b'\ndown_revision = 'a'\n".getBytes()));
        RepairPlan plan = new RepairPlanner().plan(RepairRequest.of(files, "versions", acgs2));
        assertThat(plan.changes()).isNotEmpty();
        for (FileChange c : plan.changes()) {
            String text = new String(c.newBytes(), StandardCharsets.UTF_8);
            JsonNode py = python(text);
            assertThat(py.get("imports")).extracting(JsonNode::asText).as(text).doesNotContain("os");
            assertThat(py.get("exprs")).as(text).isEmpty();
        }
    }

    @Test
    void ordinaryIdsAreWrittenAsBefore() {
        assertThat(FolderStyle.docText("ae1027a6acf, 27c6a30d7c24")).isEqualTo("ae1027a6acf, 27c6a30d7c24");
        assertThat(PyRepr.quoted("ae1027a6acf", '\'')).isEqualTo("'ae1027a6acf'");
    }
}
