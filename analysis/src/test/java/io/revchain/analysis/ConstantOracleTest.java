package io.revchain.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revchain.core.model.Check;
import io.revchain.core.model.FieldState;
import io.revchain.core.model.Finding;
import io.revchain.core.model.MigrationScript;
import io.revchain.core.model.Policy;
import io.revchain.core.model.Severity;
import io.revchain.core.parse.ConstantResolver;
import io.revchain.core.parse.MigrationParser;
import io.revchain.core.tree.DiskTree;
import io.revchain.testkit.AlembicOracle;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Module-level constants end to end against real Alembic 1.8.1: synthetic repositories on disk (a package
 * {@code mypkg} whose {@code cli.py} holds the branch names, a versions folder naming them through every import
 * form), loaded by Alembic's {@code ScriptDirectory} with {@code PYTHONPATH} set to the repository root, and by
 * {@link MigrationParser} + {@link ConstantResolver} + {@link ChainAnalysis}.
 */
@Tag("oracle")
class ConstantOracleTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EXPAND = "mypkg/cli.py:1 EXPAND_BRANCH";
    private static final String CONTRACT = "mypkg/cli.py:2 CONTRACT_BRANCH";
    private static final Pattern LABEL_CONFLICT =
            Pattern.compile("Branch name '(.*)' in revision (\\S+) already used by revision (\\S+)");

    @TempDir
    Path tmp;

    private Path root;

    @BeforeEach
    void repository() throws IOException {
        root = tmp.resolve("repo");
        write("mypkg/__init__.py", "");
        write("mypkg/cli.py", "EXPAND_BRANCH = 'expand'\nCONTRACT_BRANCH = 'contract'\n");
        write("mypkg/ids.py", "C1 = 'c1'\n");
        write("mypkg/names.py", "from .ids import C1 as PARENT\nfrom .cli import EXPAND_BRANCH\n");
        write("migrations/versions/base0.py", "revision = 'base0'\ndown_revision = None\n");
        write(
                "migrations/versions/e1.py",
                "from mypkg import cli\n\nrevision = 'e1'\ndown_revision = 'base0'\n"
                        + "branch_labels = (cli.EXPAND_BRANCH,)\n");
        write(
                "migrations/versions/c1.py",
                "import mypkg.cli\n\nrevision = 'c1'\ndown_revision = 'base0'\n"
                        + "branch_labels = (mypkg.cli.CONTRACT_BRANCH,)\n");
    }

    @Test
    void healthyRepositoryAgreesWithAlembic() throws Exception {
        // Given every import form, a same-file constant and a relative re-export inside the package
        write(
                "migrations/versions/e2.py",
                "from mypkg.cli import EXPAND_BRANCH\n\nREV = 'e2'\nPARENT = 'e1'\n"
                        + "revision = REV\ndown_revision = PARENT\ndepends_on = None\n");
        write(
                "migrations/versions/c2.py",
                "import mypkg.cli as c\nfrom mypkg.names import PARENT\n\n"
                        + "revision = 'c2'\ndown_revision = PARENT\nbranch_labels = None\ndepends_on = [c.EXPAND_BRANCH]\n");
        write(
                "migrations/versions/c3.py",
                "from mypkg import names\n\nrevision = 'c3'\ndown_revision = 'c2'\n"
                        + "depends_on = (names.EXPAND_BRANCH, 'e2')\n");

        // When Alembic and revchain load the folder
        JsonNode alembic = alembic();
        List<MigrationScript> scripts = revchain();
        ChainAnalysis ours = ChainAnalysis.of(scripts, Policy.alembic());

        // Then revchain read every field, and agrees on heads, bases, parents, labels and dependencies
        assertThat(alembic.get("error").isNull()).as("%s", alembic).isTrue();
        for (MigrationScript s : scripts) {
            for (var f : List.of(s.revision(), s.downRevision(), s.branchLabels(), s.dependsOn())) {
                assertThat(f.state()).as(s.path() + " " + f.name()).isIn(FieldState.LITERAL, FieldState.ABSENT);
            }
        }
        assertThat(ours.findings()).as("%s", ours.findings()).noneMatch(Finding::isError);
        assertThat(new TreeSet<>(ours.heads())).isEqualTo(strings(alembic.get("heads")));
        assertThat(new TreeSet<>(ours.bases())).isEqualTo(strings(alembic.get("bases")));
        Map<String, List<Object>> theirs = new LinkedHashMap<>();
        alembic.get("revisions")
                .fields()
                .forEachRemaining(e -> theirs.put(
                        e.getKey(),
                        List.of(
                                list(e.getValue().get("down")),
                                list(e.getValue().get("labels")),
                                list(e.getValue().get("deps")))));
        Map<String, List<Object>> mine = new LinkedHashMap<>();
        for (MigrationScript s : scripts) {
            mine.put(
                    s.revisionId(),
                    List.of(
                            s.downRevisions(),
                            s.branchLabelValues().stream().sorted().toList(),
                            s.dependsOnValues()));
        }
        assertThat(mine).isEqualTo(theirs);
        assertThat(theirs.get("e1").get(1)).isEqualTo(List.of("expand"));
        assertThat(theirs.get("c2").get(0)).isEqualTo(List.of("c1"));
        // and each resolved field says where its value came from
        Map<String, MigrationScript> byId = new LinkedHashMap<>();
        scripts.forEach(s -> byId.put(s.revisionId(), s));
        assertThat(byId.get("e1").branchLabels().origin()).isEqualTo(EXPAND);
        assertThat(byId.get("c1").branchLabels().origin()).isEqualTo(CONTRACT);
        assertThat(byId.get("e2").revision().origin()).isEqualTo("migrations/versions/e2.py:3 REV");
        assertThat(byId.get("c2").downRevision().origin()).isEqualTo("mypkg/ids.py:1 C1");
        assertThat(byId.get("c3").dependsOn().origin()).isEqualTo(EXPAND);
        assertThat(byId.get("base0").downRevision().origin()).isNull();
    }

    @Test
    void aSecondRevisionDeclaringTheSameLabelThroughAConstant() throws Exception {
        // Given a second revision taking 'expand' from cli.py too
        write(
                "migrations/versions/e9.py",
                "from mypkg.cli import EXPAND_BRANCH\n\nrevision = 'e9'\n"
                        + "down_revision = 'base0'\nbranch_labels = EXPAND_BRANCH\n");

        // When both load the folder
        JsonNode alembic = alembic();
        ChainAnalysis ours = ChainAnalysis.of(revchain(), Policy.alembic());

        // Then Alembic fails: Branch name 'expand' in revision X already used by revision Y
        assertThat(alembic.get("error").asText()).isEqualTo("RevisionError");
        Matcher m = LABEL_CONFLICT.matcher(alembic.get("message").asText());
        assertThat(m.matches()).as(alembic.get("message").asText()).isTrue();
        assertThat(m.group(1)).isEqualTo("expand");
        assertThat(Set.of(m.group(2), m.group(3))).isEqualTo(Set.of("e1", "e9"));
        // and revchain reports the conflict as an ERROR naming where the label was written, and predicts the failure
        Finding conflict = only(ours, Check.BRANCH_LABEL_CONFLICT.wire());
        assertThat(conflict.severity()).isEqualTo(Severity.ERROR);
        assertThat(conflict.message()).contains("'expand' (from " + EXPAND + ")");
        assertThat(ours.outcome().exception()).isEqualTo("RevisionError");
        assertThat(ours.outcome().message()).matches(LABEL_CONFLICT);
    }

    @Test
    void aDownRevisionNamingALabelThroughAConstant() throws Exception {
        // Given a revision whose parent is cli.CONTRACT_BRANCH, the label of c1 rather than a revision id
        write(
                "migrations/versions/c9.py",
                "from mypkg import cli\n\nrevision = 'c9'\n" + "down_revision = cli.CONTRACT_BRANCH\n");

        // When both load the folder
        JsonNode alembic = alembic();
        ChainAnalysis ours = ChainAnalysis.of(revchain(), Policy.alembic());

        // Then Alembic fails, and revchain reports down-revision-is-label naming the constant, predicting the failure
        assertThat(alembic.get("error").isNull()).as("%s", alembic).isFalse();
        Finding label = only(ours, Check.DOWN_REVISION_IS_LABEL.wire());
        assertThat(label.severity()).isEqualTo(Severity.ERROR);
        assertThat(label.message())
                .contains("down_revision 'contract' (from " + CONTRACT + ")")
                .contains("write 'c1'");
        assertThat(ours.outcome().exception()).isEqualTo(alembic.get("error").asText());
        assertThat(ours.outcome().message()).isEqualTo(alembic.get("message").asText());
    }

    @Test
    void aRelativeImportInAMigrationFileFailsInAlembicAndIsNotResolved() throws Exception {
        // Given a versions folder inside the package, its file importing relatively
        write("mypkg/versions/__init__.py", "");
        write(
                "mypkg/versions/r1.py",
                "from .. import cli\n\nrevision = 'r1'\ndown_revision = None\n"
                        + "branch_labels = (cli.EXPAND_BRANCH,)\n");

        // When both load it
        JsonNode alembic = alembic("mypkg/versions");
        List<MigrationScript> scripts = revchain("mypkg/versions");

        // Then Alembic runs the file as a top-level module and the import fails; revchain does not resolve it
        assertThat(alembic.get("error").asText()).isEqualTo("ImportError");
        assertThat(alembic.get("message").asText()).contains("attempted relative import with no known parent package");
        assertThat(scripts).singleElement().satisfies(s -> {
            assertThat(s.branchLabels().state()).isEqualTo(FieldState.NON_LITERAL);
            assertThat(s.problems()).extracting(Finding::check).contains(Check.NON_LITERAL_VALUE.wire());
        });
    }

    // ---------------------------------------------------------------- the two sides

    private List<MigrationScript> revchain() throws IOException {
        return revchain("migrations/versions");
    }

    /** Every {@code .py} of the folder (but {@code __init__}), parsed and resolved against the repository. */
    private List<MigrationScript> revchain(String versions) throws IOException {
        DiskTree tree = new DiskTree(root);
        MigrationParser parser = new MigrationParser(null);
        ConstantResolver resolver = new ConstantResolver();
        List<MigrationScript> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(root.resolve(versions))) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (!name.endsWith(".py") || name.startsWith("__init__")) {
                    continue;
                }
                String path = versions + "/" + name;
                byte[] bytes = Files.readAllBytes(file);
                out.add(resolver.resolve(parser.parse(path, bytes), bytes, tree));
            }
        }
        return out;
    }

    private JsonNode alembic() throws Exception {
        return alembic("migrations/versions");
    }

    /** Real Alembic on the folder, in its own process, with the repository root on PYTHONPATH. */
    private JsonNode alembic(String versions) throws Exception {
        Path script = tmp.resolve("constants_oracle.py");
        try (InputStream in = getClass().getResourceAsStream("/constants_oracle.py")) {
            Files.write(
                    script,
                    Objects.requireNonNull(in, "oracle script on the test classpath")
                            .readAllBytes());
        }
        AlembicOracle.Run r = AlembicOracle.run(AlembicOracle.Invocation.of(
                        script.toString(), root.resolve(versions).toString())
                .in(root)
                .with("PYTHONPATH", root.toString())
                .timeout(Duration.ofSeconds(120)));
        if (r.timedOut()) {
            throw new IllegalStateException("alembic oracle timed out");
        }
        assertThat(r.exit()).as(r.err()).isZero();
        return JSON.readTree(r.out());
    }

    private void write(String path, String text) throws IOException {
        Path p = root.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
    }

    private static Finding only(ChainAnalysis a, String check) {
        List<Finding> l =
                a.findings().stream().filter(f -> f.check().equals(check)).toList();
        assertThat(l).as("%s in %s", check, a.findings()).hasSize(1);
        return l.get(0);
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> s = new TreeSet<>();
        array.forEach(n -> s.add(n.asText()));
        return s;
    }

    private static List<String> list(JsonNode array) {
        List<String> l = new ArrayList<>();
        array.forEach(n -> l.add(n.asText()));
        return l;
    }
}
