package io.revchain.core.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.core.model.Check;
import io.revchain.core.model.Field;
import io.revchain.core.model.FieldState;
import io.revchain.core.model.Finding;
import io.revchain.core.model.MigrationScript;
import io.revchain.core.tree.MemoryTree;
import io.revchain.core.tree.SourceTree;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every way a migration names a constant, what is resolved, what stays non-literal, and the limits. */
class ConstantResolverTest {

    private static final MigrationParser PARSER = new MigrationParser(null);
    private static final ConstantResolver RESOLVER = new ConstantResolver();
    private static final String MIG = "mypkg/versions/a1.py";
    private static final String CLI = "EXPAND_BRANCH = 'expand'\nCONTRACT_BRANCH = 'contract'\n";
    private static final String HEAD = "revision = 'a1'\ndown_revision = None\n";

    /** A repository with a package {@code mypkg} (cli.py holding the branch names) and the migration {@code body}. */
    private static Map<String, String> repo(String body, String... more) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("mypkg/__init__.py", "");
        files.put("mypkg/cli.py", CLI);
        files.put("mypkg/versions/__init__.py", "");
        for (int i = 0; i + 1 < more.length; i += 2) {
            files.put(more[i], more[i + 1]);
        }
        files.put(MIG, body);
        return files;
    }

    private static MigrationScript resolve(Map<String, String> files) {
        return resolve(MemoryTree.ofTexts(files), MIG, files.get(MIG));
    }

    private static MigrationScript resolve(SourceTree tree, String path, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return RESOLVER.resolve(PARSER.parse(path, bytes), bytes, tree);
    }

    private static List<String> checks(MigrationScript s) {
        return s.problems().stream().map(Finding::check).toList();
    }

    private static void assertLabels(MigrationScript s, List<String> labels, String origin) {
        assertThat(s.branchLabels().state()).isEqualTo(FieldState.LITERAL);
        assertThat(s.branchLabels().values()).isEqualTo(labels);
        assertThat(s.branchLabels().origin()).isEqualTo(origin);
        assertThat(checks(s)).doesNotContain(Check.NON_LITERAL_VALUE.wire());
    }

    private static void assertUnresolved(MigrationScript s) {
        assertThat(s.branchLabels().state()).isEqualTo(FieldState.NON_LITERAL);
        assertThat(s.branchLabels().origin()).isNull();
        assertThat(checks(s)).contains(Check.NON_LITERAL_VALUE.wire());
    }

    // ---------------------------------------------------------------- the import forms

    static Stream<Arguments> importForms() {
        return Stream.of(
                Arguments.of("from mypkg import cli", "(cli.EXPAND_BRANCH,)"),
                Arguments.of("import mypkg.cli", "(mypkg.cli.EXPAND_BRANCH,)"),
                Arguments.of("import mypkg.cli as c", "(c.EXPAND_BRANCH,)"),
                Arguments.of("from mypkg import cli as c", "[c.EXPAND_BRANCH]"),
                Arguments.of("from mypkg.cli import EXPAND_BRANCH", "(EXPAND_BRANCH,)"),
                Arguments.of("from mypkg.cli import EXPAND_BRANCH", "EXPAND_BRANCH"),
                Arguments.of("from mypkg.cli import EXPAND_BRANCH as E", "E,"),
                Arguments.of("from mypkg.cli import (\n    CONTRACT_BRANCH,\n    EXPAND_BRANCH,\n)", "(EXPAND_BRANCH)"),
                Arguments.of("import os, mypkg.cli", "(\n    mypkg.cli.EXPAND_BRANCH,  # the expand branch\n)"),
                Arguments.of("import mypkg.cli; import mypkg", "(mypkg.cli.EXPAND_BRANCH,)"),
                Arguments.of("import mypkg\nfrom mypkg import cli as unused", "(mypkg.cli.EXPAND_BRANCH,)"));
    }

    @ParameterizedTest(name = "{0} / {1}")
    @MethodSource("importForms")
    void everyImportFormResolvesTheConstant(String imports, String value) {
        // Given a migration naming cli.py's constant through one import form
        MigrationScript s = resolve(repo(imports + "\n" + HEAD + "branch_labels = " + value + "\n"));
        // Then the label is cli.py's literal, and the field says where it came from
        assertLabels(s, List.of("expand"), "mypkg/cli.py:1 EXPAND_BRANCH");
        assertThat(s.problems()).isEmpty();
    }

    @Test
    void theFieldKeepsItsSpanAndSourceAndOnlyItsFindingGoes() {
        // Given neutron's shape, with a second non-literal field that cannot be resolved
        String body = "from mypkg import cli\n" + HEAD + "branch_labels = (cli.EXPAND_BRANCH,)\ndepends_on = f()\n";
        MigrationScript before = PARSER.parse(MIG, body.getBytes(StandardCharsets.UTF_8));
        MigrationScript s = resolve(repo(body));
        // Then the resolved field keeps what the parser read, and only depends_on's finding is left
        Field was = before.branchLabels();
        Field now = s.branchLabels();
        assertThat(List.of(now.line(), now.start(), now.end())).isEqualTo(List.of(was.line(), was.start(), was.end()));
        assertThat(now.source()).isEqualTo("(cli.EXPAND_BRANCH,)");
        assertThat(s.dependsOn().state()).isEqualTo(FieldState.NON_LITERAL);
        assertThat(s.problems()).hasSize(1);
        assertThat(s.problems().get(0).message()).startsWith("'depends_on' in ");
    }

    @Test
    void severalConstantsAndLiteralsMixInATuple() {
        MigrationScript s = resolve(repo("from mypkg import cli\n" + HEAD
                + "branch_labels = ('x', cli.EXPAND_BRANCH, 'y' 'z', cli.CONTRACT_BRANCH, cli.EXPAND_BRANCH)\n"));
        assertLabels(
                s,
                List.of("x", "expand", "yz", "contract"),
                "mypkg/cli.py:1 EXPAND_BRANCH, mypkg/cli.py:2 CONTRACT_BRANCH");
        // the repeated label is what a literal repeat gives: a branch-label-conflict of the file itself
        assertThat(checks(s)).containsExactly(Check.BRANCH_LABEL_CONFLICT.wire());
    }

    @Test
    void sameFileConstantsAboveTheFieldResolve() {
        MigrationScript s = resolve(repo("REV = 'a1'\nPARENTS = ('p1', 'p2')\nrevision = REV\n"
                + "down_revision = PARENTS\nLABEL: str = 'lab'\nbranch_labels = [LABEL]\n"));
        assertThat(s.revisionId()).isEqualTo("a1");
        assertThat(s.revision().origin()).isEqualTo(MIG + ":1 REV");
        assertThat(s.downRevisions()).containsExactly("p1", "p2");
        assertLabels(s, List.of("lab"), MIG + ":5 LABEL");
        assertThat(s.problems()).isEmpty();
    }

    @Test
    void aSameFileConstantAssignedOnlyAfterTheFieldIsANameError() {
        MigrationScript s = resolve(repo(HEAD + "branch_labels = LABEL\nLABEL = 'lab'\n"));
        assertUnresolved(s);
    }

    @Test
    void theLastAssignmentBeforeTheFieldWins() {
        MigrationScript s = resolve(repo(HEAD + "L = 'a'\nL = 'b'\nbranch_labels = L\nL = 'c'\n"));
        assertLabels(s, List.of("b"), MIG + ":4 L");
    }

    @Test
    void noneAndTupleConstantsAreValuesToo() {
        MigrationScript s = resolve(repo(
                "from mypkg import consts\nrevision = 'a1'\ndown_revision = consts.BASE\n"
                        + "depends_on = consts.DEPS\n",
                "mypkg/consts.py",
                "BASE = None\nDEPS = ['d1', 'd2', 'd1']\n"));
        assertThat(s.downRevision().state()).isEqualTo(FieldState.LITERAL);
        assertThat(s.downRevision().isNone()).isTrue();
        assertThat(s.downRevision().values()).isEmpty();
        assertThat(s.dependsOnValues()).containsExactly("d1", "d2");
        assertThat(s.problems()).isEmpty();
    }

    // ---------------------------------------------------------------- following a constant further

    @Test
    void aReExportAndAnotherConstantOfTheModuleAreFollowed() {
        Map<String, String> files = repo(
                "from mypkg import EXPAND_BRANCH, LABEL\n" + HEAD + "branch_labels = (EXPAND_BRANCH, LABEL)\n",
                "mypkg/__init__.py",
                "from .cli import EXPAND_BRANCH\nfrom mypkg.names import LABEL\n",
                "mypkg/names.py",
                "_BASE = 'base'\nLABEL = _BASE\n");
        assertLabels(resolve(files), List.of("expand", "base"), "mypkg/cli.py:1 EXPAND_BRANCH, mypkg/names.py:1 _BASE");
    }

    @Test
    void relativeImportsInsideThePackageAreFollowed() {
        Map<String, String> files = repo(
                "from mypkg.sub import consts\nfrom mypkg import cli\n" + HEAD
                        + "branch_labels = (consts.E, cli.EXPAND_BRANCH)\n",
                "mypkg/__init__.py",
                "from . import cli\n",
                "mypkg/sub/__init__.py",
                "",
                "mypkg/sub/consts.py",
                "from ..cli import CONTRACT_BRANCH as E\n");
        assertLabels(
                resolve(files),
                List.of("contract", "expand"),
                "mypkg/cli.py:2 CONTRACT_BRANCH, mypkg/cli.py:1 EXPAND_BRANCH");
    }

    @Test
    void aRelativeImportBeyondTheTopPackageIsNot() {
        Map<String, String> files = repo(
                "from mypkg import consts\n" + HEAD + "branch_labels = consts.E\n",
                "mypkg/consts.py",
                "from ..cli import EXPAND_BRANCH as E\n",
                "cli.py",
                "EXPAND_BRANCH = 'expand'\n");
        assertUnresolved(resolve(files));
    }

    @Test
    void aRelativeImportInTheMigrationFileIsNotResolved() {
        // Alembic 1.8.1 runs the file as a top-level module: "attempted relative import with no known parent package"
        assertUnresolved(resolve(repo("from .. import cli\n" + HEAD + "branch_labels = (cli.EXPAND_BRANCH,)\n")));
        assertUnresolved(resolve(repo("from ..cli import EXPAND_BRANCH\n" + HEAD + "branch_labels = EXPAND_BRANCH\n")));
    }

    @Test
    void atMostFiveHopsAreFollowed() {
        // Given chains of re-exports m0 <- m1 <- ... of each length
        for (int hops = 1; hops <= 7; hops++) {
            Map<String, String> files = new LinkedHashMap<>();
            files.put("mypkg/__init__.py", "");
            files.put("mypkg/m0.py", "X = 'deep'\n");
            for (int k = 1; k < hops; k++) {
                files.put("mypkg/m" + k + ".py", "from mypkg.m" + (k - 1) + " import X\n");
            }
            // the migration's own 'from ... import X' is the first hop
            files.put(MIG, "from mypkg.m" + (hops - 1) + " import X\n" + HEAD + "branch_labels = X\n");
            MigrationScript s = resolve(files);
            // Then up to five hops resolve and more do not
            assertThat(s.branchLabels().isLiteral()).as("%d hops", hops).isEqualTo(hops <= ConstantResolver.MAX_HOPS);
        }
    }

    @Test
    void cyclesEndUnresolved() {
        Map<String, String> files = repo(
                "from mypkg.a import X\nfrom mypkg import b\n" + HEAD + "branch_labels = (X, b.Y)\n",
                "mypkg/a.py",
                "from mypkg.b import X\n",
                "mypkg/b.py",
                "from mypkg.a import X\nY = Z\nZ = Y\n");
        assertUnresolved(resolve(files));
        assertUnresolved(resolve(repo("A = B\nB = A\n" + HEAD + "branch_labels = A\n")));
    }

    // ---------------------------------------------------------------- what stays non-literal

    static Stream<Arguments> notConstants() {
        return Stream.of(
                Arguments.of("a call", "EXPAND_BRANCH = str('expand')\n"),
                Arguments.of("an operator", "EXPAND_BRANCH = 'exp' + 'and'\n"),
                Arguments.of("an f-string", "EXPAND_BRANCH = f'expand'\n"),
                Arguments.of("an attribute", "import os\nEXPAND_BRANCH = os.sep\n"),
                Arguments.of("a number", "EXPAND_BRANCH = 12\n"),
                Arguments.of("bytes", "EXPAND_BRANCH = b'expand'\n"),
                Arguments.of("a tuple with a number", "EXPAND_BRANCH = ('expand', 1)\n"),
                Arguments.of("a tuple of names", "A = 'a'\nEXPAND_BRANCH = (A,)\n"),
                Arguments.of("a set", "EXPAND_BRANCH = {'expand'}\n"),
                Arguments.of("inside if", "if True:\n    EXPAND_BRANCH = 'expand'\n"),
                Arguments.of("reassigned inside if", "EXPAND_BRANCH = 'expand'\nif X:\n    EXPAND_BRANCH = 'e2'\n"),
                Arguments.of("one-line if", "EXPAND_BRANCH = 'expand'\nif X: EXPAND_BRANCH = 'e2'\n"),
                Arguments.of("inside try", "try:\n    EXPAND_BRANCH = 'expand'\nexcept ImportError:\n    pass\n"),
                Arguments.of("a for target", "EXPAND_BRANCH = 'expand'\nfor EXPAND_BRANCH in 'ab':\n    pass\n"),
                Arguments.of("a with target", "EXPAND_BRANCH = 'e'\nwith open('f') as EXPAND_BRANCH:\n    pass\n"),
                Arguments.of(
                        "a conditional import",
                        "try:\n    from x import EXPAND_BRANCH\nexcept ImportError:\n"
                                + "    EXPAND_BRANCH = 'expand'\n"),
                Arguments.of("inside def", "def f():\n    EXPAND_BRANCH = 'expand'\n"),
                Arguments.of("inside class", "class C:\n    EXPAND_BRANCH = 'expand'\n"),
                Arguments.of(
                        "a function's global",
                        "EXPAND_BRANCH = 'expand'\ndef f():\n    global EXPAND_BRANCH\n"
                                + "    EXPAND_BRANCH = 'other'\nf()\n"),
                Arguments.of("redefined as a function", "EXPAND_BRANCH = 'expand'\ndef EXPAND_BRANCH():\n    pass\n"),
                Arguments.of("augmented", "EXPAND_BRANCH = 'exp'\nEXPAND_BRANCH += 'and'\n"),
                Arguments.of("chained", "EXPAND_BRANCH = OTHER = 'expand'\n"),
                Arguments.of("unpacked", "EXPAND_BRANCH, OTHER = 'expand', 'x'\n"),
                Arguments.of("deleted", "EXPAND_BRANCH = 'expand'\ndel EXPAND_BRANCH\n"),
                Arguments.of("a walrus", "EXPAND_BRANCH = 'expand'\n(EXPAND_BRANCH := 'x')\n"),
                Arguments.of("a star import after it", "EXPAND_BRANCH = 'expand'\nfrom os.path import *\n"),
                Arguments.of("an import of the module", "import EXPAND_BRANCH\n"),
                Arguments.of("a name defined after its use", "EXPAND_BRANCH = LATER\nLATER = 'expand'\n"),
                Arguments.of("not defined", "OTHER = 'expand'\n"),
                Arguments.of("not valid Python", "EXPAND_BRANCH = 'expand'\n  X = (\n"),
                Arguments.of("a re-export from outside", "from oslo_db.cli import EXPAND_BRANCH\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notConstants")
    void aValueThatIsNotAPlainModuleLevelLiteralStaysNonLiteral(String what, String cli) {
        MigrationScript s = resolve(
                repo("from mypkg import cli\n" + HEAD + "branch_labels = (cli.EXPAND_BRANCH,)\n", "mypkg/cli.py", cli));
        assertUnresolved(s);
    }

    static Stream<Arguments> notReferences() {
        return Stream.of(
                Arguments.of("a call", "cli.labels()"),
                Arguments.of("a subscript", "cli.BRANCHES[0]"),
                Arguments.of("an operator", "cli.EXPAND_BRANCH + ''"),
                Arguments.of("a nested tuple", "((cli.EXPAND_BRANCH,),)"),
                Arguments.of("a None item", "(None, cli.EXPAND_BRANCH)"),
                Arguments.of("a bytes item", "(b'x', cli.EXPAND_BRANCH)"),
                Arguments.of("an f-string item", "(f'x', cli.EXPAND_BRANCH)"),
                Arguments.of("a comprehension", "[x for x in cli.BRANCHES]"),
                Arguments.of("a conditional", "cli.EXPAND_BRANCH if X else None"),
                Arguments.of("a keyword", "not cli.EXPAND_BRANCH"),
                Arguments.of("an unknown head", "other.EXPAND_BRANCH"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notReferences")
    void anExpressionOfAnotherShapeStaysNonLiteral(String what, String value) {
        assertUnresolved(
                resolve(repo("import mypkg\nfrom mypkg import cli\n" + HEAD + "branch_labels = " + value + "\n")));
    }

    @Test
    void aSubmoduleIsAnAttributeOfItsPackageOnlyOnceImported() {
        // nothing imports mypkg.cli: AttributeError in Python
        assertUnresolved(resolve(repo("import mypkg\n" + HEAD + "branch_labels = mypkg.cli.EXPAND_BRANCH\n")));
        // imported after the field: too late
        assertUnresolved(resolve(
                repo("import mypkg\n" + HEAD + "branch_labels = mypkg.cli.EXPAND_BRANCH\n" + "import mypkg.cli\n")));
        // the package imports it itself
        assertLabels(
                resolve(repo(
                        "import mypkg\n" + HEAD + "branch_labels = mypkg.cli.EXPAND_BRANCH\n",
                        "mypkg/__init__.py",
                        "from . import cli\n")),
                List.of("expand"),
                "mypkg/cli.py:1 EXPAND_BRANCH");
    }

    @Test
    void aFieldTheParserCannotTrustStaysAsItIs() {
        // inside if, imported, chained, reassigned later by an import, or the module rebinds it
        for (String body : List.of(
                "from mypkg import cli\n" + HEAD + "if X:\n    branch_labels = cli.EXPAND_BRANCH\n",
                "from mypkg import cli\n" + HEAD + "branch_labels = x = cli.EXPAND_BRANCH\n",
                "from mypkg import cli\n" + HEAD + "branch_labels = cli.EXPAND_BRANCH\ncli = None\n"
                        + "branch_labels += ()\n",
                "from mypkg import cli\ncli = object()\n" + HEAD + "branch_labels = cli.EXPAND_BRANCH\n",
                "from mypkg import cli\ncli.EXPAND_BRANCH = 'other'\n" + HEAD + "branch_labels = cli.EXPAND_BRANCH\n",
                "from mypkg import cli\nfrom os import *\n" + HEAD + "branch_labels = cli.EXPAND_BRANCH\n")) {
            MigrationScript s = resolve(repo(body));
            assertThat(s.branchLabels().state()).as(body).isNotEqualTo(FieldState.LITERAL);
        }
    }

    @Test
    void aPackageAttributeShadowingTheSubmoduleIsNotTheSubmodule() {
        assertUnresolved(resolve(repo(
                "from mypkg import cli\n" + HEAD + "branch_labels = cli.EXPAND_BRANCH\n",
                "mypkg/__init__.py",
                "cli = 'not the module'\n")));
    }

    @Test
    void aModuleOutsideTheRepositoryIsNotFound() {
        assertUnresolved(resolve(
                repo("from neutron.db.migration import cli\n" + HEAD + "branch_labels = (cli.EXPAND_BRANCH,)\n")));
        assertUnresolved(resolve(repo("import alembic\n" + HEAD + "branch_labels = alembic.EXPAND\n")));
    }

    @Test
    void aModuleOverTheSizeLimitIsNotRead() {
        String padding = "#".repeat(ConstantResolver.MAX_MODULE_BYTES) + "\n";
        assertUnresolved(resolve(repo(
                "from mypkg import cli\n" + HEAD + "branch_labels = cli.EXPAND_BRANCH\n",
                "mypkg/cli.py",
                CLI + padding)));
        // just under the limit is read
        String under = "#".repeat(ConstantResolver.MAX_MODULE_BYTES - CLI.length() - 1) + "\n";
        assertLabels(
                resolve(repo(
                        "from mypkg import cli\n" + HEAD + "branch_labels = cli.EXPAND_BRANCH\n",
                        "mypkg/cli.py",
                        CLI + under)),
                List.of("expand"),
                "mypkg/cli.py:1 EXPAND_BRANCH");
    }

    @Test
    void aModuleFileThatIsNotValidUtf8OrPythonIsNotUsed() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("mypkg/__init__.py", new byte[0]);
        files.put("mypkg/cli.py", new byte[] {'X', '=', '\'', (byte) 0xff, '\'', '\n'});
        String body = "from mypkg import cli\n" + HEAD + "branch_labels = cli.X\n";
        files.put(MIG, body.getBytes(StandardCharsets.UTF_8));
        assertUnresolved(resolve(new MemoryTree(files), MIG, body));
    }

    // ---------------------------------------------------------------- source roots

    @Test
    void modulesAreFoundUnderTheMigrationsOwnRootAndSrc() {
        // the migration's package hangs from services/api; the constants live under the same root
        Map<String, String> files = new LinkedHashMap<>();
        files.put("services/api/app/__init__.py", "");
        files.put("services/api/app/migrations/__init__.py", "");
        files.put("services/api/app/migrations/versions/__init__.py", "");
        files.put("services/api/app/consts.py", "LABEL = 'api'\n");
        files.put("src/shared/__init__.py", "");
        files.put("src/shared/names.py", "LABEL = 'shared'\n");
        String body = "from app import consts\nimport shared.names\n" + HEAD
                + "branch_labels = (consts.LABEL, shared.names.LABEL)\n";
        String path = "services/api/app/migrations/versions/a1.py";
        files.put(path, body);
        MigrationScript s = resolve(MemoryTree.ofTexts(files), path, body);
        assertThat(s.branchLabelValues()).containsExactly("api", "shared");
        assertThat(s.branchLabels().origin())
                .isEqualTo("services/api/app/consts.py:1 LABEL, src/shared/names.py:1 LABEL");
    }

    @Test
    void aPackageWinsOverAModuleOfTheSameName() {
        // as Python's FileFinder decides: mypkg/cli/__init__.py, not mypkg/cli.py
        assertLabels(
                resolve(repo(
                        "from mypkg import cli\n" + HEAD + "branch_labels = cli.EXPAND_BRANCH\n",
                        "mypkg/cli/__init__.py",
                        "EXPAND_BRANCH = 'from the package'\n")),
                List.of("from the package"),
                "mypkg/cli/__init__.py:1 EXPAND_BRANCH");
        // and a module found outside the preferred roots too
        Map<String, String> files = new LinkedHashMap<>();
        files.put("deep/er/lib/__init__.py", "");
        files.put("deep/er/lib/c.py", "X = 'module'\n");
        files.put("deep/er/lib/c/__init__.py", "X = 'package'\n");
        String body = "from lib import c\n" + HEAD + "branch_labels = c.X\n";
        files.put("migrations/versions/a1.py", body);
        MigrationScript s = resolve(MemoryTree.ofTexts(files), "migrations/versions/a1.py", body);
        assertThat(s.branchLabelValues()).containsExactly("package");
    }

    // ---------------------------------------------------------------- findings a literal would get

    @Test
    void aResolvedValueGetsTheFindingsOfTheSameLiteral() {
        String consts = "EMPTY = ''\nPAIR = ('x', 'y')\nLABELS = ('a', 'b')\nNONE = None\n";
        List<String[]> cases = List.of(
                new String[] {"revision = c.EMPTY\ndown_revision = None\n", "revision = ''\ndown_revision = None\n"},
                new String[] {"revision = 'a1'\ndown_revision = c.EMPTY\n", "revision = 'a1'\ndown_revision = ''\n"},
                new String[] {
                    "revision = 'a1'\ndown_revision = ('p', c.EMPTY)\n", "revision = 'a1'\ndown_revision = ('p', '')\n"
                },
                new String[] {
                    "revision = c.PAIR\ndown_revision = None\n", "revision = ('x', 'y')\ndown_revision = None\n"
                },
                new String[] {"revision = c.NONE\ndown_revision = None\n", "revision = None\ndown_revision = None\n"},
                new String[] {HEAD + "branch_labels = (c.LABELS, 'z')\n", HEAD + "branch_labels = (('a', 'b'), 'z')\n"},
                new String[] {HEAD + "depends_on = c.EMPTY\n", HEAD + "depends_on = ''\n"});
        for (String[] c : cases) {
            MigrationScript resolved =
                    resolve(repo("from mypkg import consts as c\n" + c[0], "mypkg/consts.py", consts));
            MigrationScript literal =
                    PARSER.parse(MIG, ("from mypkg import consts as c\n" + c[1]).getBytes(StandardCharsets.UTF_8));
            for (String name : List.of("revision", "down_revision", "branch_labels", "depends_on")) {
                Field a = MigrationParserTest.field(resolved, name);
                Field b = MigrationParserTest.field(literal, name);
                assertThat(List.of(a.state(), a.values(), a.isNone(), a.emptyString()))
                        .as(c[0] + name)
                        .isEqualTo(List.of(b.state(), b.values(), b.isNone(), b.emptyString()));
            }
            assertThat(resolved.problems().stream().map(f -> f.check() + "/" + f.severity() + "/" + f.line()))
                    .as(c[0])
                    .isEqualTo(literal.problems().stream()
                            .map(f -> f.check() + "/" + f.severity() + "/" + f.line())
                            .toList());
        }
    }

    // ---------------------------------------------------------------- cheap to skip, never throws

    @Test
    void aScriptWithoutNonLiteralFieldsIsReturnedAsItIs() {
        AtomicInteger reads = new AtomicInteger();
        SourceTree counting = counting(MemoryTree.ofTexts(repo(HEAD)), reads);
        String body = "from mypkg import cli\n" + HEAD + "branch_labels = ('expand',)\n";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        MigrationScript parsed = PARSER.parse(MIG, bytes);
        assertThat(RESOLVER.resolve(parsed, bytes, counting)).isSameAs(parsed);
        assertThat(reads).hasValue(0);
    }

    @Test
    void anUnparseableMigrationIsReturnedAsItIs() {
        String body = "from mypkg import cli\n" + HEAD + "branch_labels = cli.EXPAND_BRANCH\nx = (\n";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        MigrationScript parsed = PARSER.parse(MIG, bytes);
        assertThat(RESOLVER.resolve(parsed, bytes, MemoryTree.ofTexts(repo(body))))
                .isSameAs(parsed);
        assertThat(RESOLVER.resolve(null, bytes, MemoryTree.ofTexts(repo(body))))
                .isNull();
    }

    @Test
    @Timeout(20)
    void aHostileImportListIsBoundedInModulesAndTime() {
        // Given 20 000 imports of modules that exist and a value naming all of them
        Map<String, String> files = new LinkedHashMap<>();
        StringBuilder body = new StringBuilder();
        StringBuilder value = new StringBuilder("branch_labels = (");
        files.put("mypkg/__init__.py", "");
        for (int i = 0; i < 20_000; i++) {
            body.append("import mypkg.m").append(i).append('\n');
            value.append("mypkg.m").append(i).append(".X, ");
            if (i < 200) {
                files.put("mypkg/m" + i + ".py", "X = 'x" + i + "'\n");
            }
        }
        String text = body + HEAD + value + ")\n";
        files.put(MIG, text);
        AtomicInteger reads = new AtomicInteger();
        SourceTree tree = counting(MemoryTree.ofTexts(files), reads);
        MigrationScript s = resolve(tree, MIG, text);
        // Then it stops after the budget of module lookups, and stays unresolved
        assertUnresolved(s);
        assertThat(reads.get()).isLessThanOrEqualTo(ConstantResolver.MAX_MODULES);
    }

    @Test
    @Timeout(20)
    void aHostileDeepImportAndAWideValueStayLinear() {
        // a 50 000-part dotted import, and 100 000 items naming the same constant
        String deep = "import " + "a.".repeat(50_000) + "b\n";
        String wide = "branch_labels = (" + "cli.EXPAND_BRANCH, ".repeat(100_000) + ")\n";
        MigrationScript s = resolve(repo(deep + "from mypkg import cli\n" + HEAD + wide));
        assertLabels(s, List.of("expand"), "mypkg/cli.py:1 EXPAND_BRANCH");
        assertUnresolved(resolve(repo(deep + HEAD + "branch_labels = " + "a.".repeat(50_000) + "b.X\n")));
    }

    @Test
    @Timeout(20)
    void aHostileLongChainOfModulesStopsAtTheHopLimit() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("mypkg/__init__.py", "");
        for (int k = 0; k < 500; k++) {
            files.put("mypkg/m" + k + ".py", "from mypkg.m" + (k + 1) + " import X\nY = X\n");
        }
        files.put(MIG, "from mypkg import m0\n" + HEAD + "branch_labels = m0.Y\n");
        AtomicInteger reads = new AtomicInteger();
        MigrationScript s = resolve(counting(MemoryTree.ofTexts(files), reads), MIG, files.get(MIG));
        assertUnresolved(s);
        assertThat(reads.get()).isLessThanOrEqualTo(ConstantResolver.MAX_HOPS + 2);
    }

    @Test
    void mutatedFilesNeverBreakTheScanAndItAgreesWithTheParser() {
        // Given 5,000 of the parser fuzzer's mutated migration files
        List<String> problems = new ArrayList<>();
        int agreed = 0;
        for (long seed = 0; seed < 5_000; seed++) {
            byte[] input = ParserFuzz.input(20261124L + seed);
            String text;
            try {
                text = SourceDecoder.decode(input);
            } catch (PythonSyntaxError e) {
                continue;
            }
            ModuleScan scan;
            try {
                scan = ModuleScan.of(text);
            } catch (PythonSyntaxError e) {
                continue;
            } catch (RuntimeException e) {
                problems.add(seed + ": " + e);
                continue;
            }
            // Then where the parser reads a literal, the scan has the same statement as the name's constant
            MigrationScript s = PARSER.parse("f.py", input);
            if (checks(s).contains(Check.UNPARSEABLE_FILE.wire())) {
                continue;
            }
            for (Field f : List.of(s.revision(), s.downRevision(), s.branchLabels(), s.dependsOn())) {
                ModuleScan.Binding b = scan.visible(f.name(), Integer.MAX_VALUE);
                boolean literal = f.state() == FieldState.LITERAL || f.state() == FieldState.WRONG_TYPE;
                boolean scanned = b != null && b.kind() == ModuleScan.LITERAL && b.valueStart() == f.start();
                if (literal != scanned) {
                    problems.add(seed + " " + f.name() + ": parser " + f.state() + ", scan " + b);
                } else if (literal) {
                    agreed++;
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(agreed).isGreaterThan(1_000);
    }

    private static SourceTree counting(SourceTree tree, AtomicInteger reads) {
        return new SourceTree() {
            @Override
            public Kind kind(String path) {
                return tree.kind(path);
            }

            @Override
            public List<String> list(String folder) {
                return tree.list(folder);
            }

            @Override
            public Optional<byte[]> read(String path, int limit) {
                reads.incrementAndGet();
                return tree.read(path, limit);
            }

            @Override
            public Optional<byte[]> head(String path, int n) {
                reads.incrementAndGet();
                return tree.head(path, n);
            }
        };
    }
}
