package io.revchain.core.discovery;

import static io.revchain.core.discovery.Tree.checks;
import static io.revchain.core.discovery.Tree.paths;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.revchain.core.alembic.AlembicRelease;
import io.revchain.core.model.Check;
import io.revchain.core.model.Finding;
import io.revchain.core.model.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DiscoveryTest {

    @TempDir
    Path tmp;

    private Tree tree() throws IOException {
        return new Tree(Files.createDirectories(tmp.resolve("repo")));
    }

    private static ChainSource only(List<ChainSource> chains) {
        assertThat(chains).hasSize(1);
        return chains.get(0);
    }

    /** Discovery with 1.8.1's rules, the release the oracle runs. */
    static List<ChainSource> discover(Path root) throws IOException {
        return Discovery.discover(root, new ChainResolver.Options(List.of(), null, AlembicRelease.ORACLE));
    }

    @Test
    void defaultVersionsFolderWithAlembicFileNameFilter() throws IOException {
        // Given the layout `alembic init` creates, plus every kind of file Alembic's regex must reject
        Tree t = tree().ini("alembic.ini", "[alembic]", "script_location = migrations")
                .file("migrations/env.py", "")
                .mig("migrations/versions/b_second.py")
                .mig("migrations/versions/a_first.py")
                .file("migrations/versions/__init__.py", "")
                .file("migrations/versions/__init__helpers.py", "")
                .file("migrations/versions/.#a_first.py", "")
                .file("migrations/versions/notes.txt", "")
                .file("migrations/versions/old.py~", "")
                .file("migrations/versions/c.pyc", "")
                .file("migrations/versions/D.PY", "")
                .mig("migrations/versions/.hidden.py")
                .file("migrations/versions/__pycache__/x.cpython-311.pyc", "");
        // When
        ChainSource c = only(discover(t.root));
        // Then
        assertThat(c.location()).isEqualTo(".");
        assertThat(c.iniFile()).isEqualTo(t.root.resolve("alembic.ini"));
        assertThat(c.versionLocations()).containsExactly("migrations/versions");
        assertThat(paths(c))
                .containsExactly(
                        "migrations/versions/.hidden.py",
                        "migrations/versions/a_first.py",
                        "migrations/versions/b_second.py");
        assertThat(c.findings()).isEmpty();
        assertThat(c.files().get(1).file()).isEqualTo(t.root.toRealPath().resolve("migrations/versions/a_first.py"));
    }

    @Test
    void namesAreSortedAsPythonSortsStr() throws IOException {
        Tree t = tree().ini("alembic.ini", "[alembic]", "script_location = m")
                .mig("m/versions/b.py")
                .mig("m/versions/B.py")
                .mig("m/versions/_c.py")
                .mig("m/versions/10_x.py")
                .mig("m/versions/9_x.py")
                .mig("m/versions/é.py");
        assertThat(paths(only(discover(t.root))))
                .containsExactly(
                        "m/versions/10_x.py",
                        "m/versions/9_x.py",
                        "m/versions/B.py",
                        "m/versions/_c.py",
                        "m/versions/b.py",
                        "m/versions/é.py");
        // Python orders by code point: U+FFFD sorts before U+1F600, unlike Java's UTF-16 compareTo
        assertThat(PyNames.compare("\uFFFD", "\uD83D\uDE00")).isNegative();
        assertThat("\uFFFD".compareTo("\uD83D\uDE00")).isPositive();
    }

    @ParameterizedTest(name = "separator {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "space| %(here)s/one %(here)s/two",
                "os| %(here)s/one:%(here)s/two",
                ":| one:two",
                ";| one;%(here)s/two;",
                "| one, two",
                "| one  two",
            })
    void versionLocationsSplitOnEachSeparator(String sep, String value) throws IOException {
        // Given two version folders and no default versions folder being used
        List<String> lines =
                new ArrayList<>(List.of("[alembic]", "script_location = scripts", "version_locations =" + value));
        if (sep != null) {
            lines.add("version_path_separator = " + sep);
        }
        Tree t = tree().ini("alembic.ini", lines.toArray(String[]::new))
                .mig("scripts/versions/ignored_default.py")
                .mig("one/a.py")
                .mig("two/b.py");
        // When
        ChainSource c = only(discover(t.root));
        // Then the default <script_location>/versions is not added
        assertThat(c.versionLocations()).containsExactly("one", "two");
        assertThat(paths(c)).containsExactly("one/a.py", "two/b.py");
        assertThat(c.findings()).isEmpty();
    }

    @Test
    void percentEscapesAndDefaultSectionInterpolate() throws IOException {
        Tree t = tree().ini(
                        "alembic.ini",
                        "[DEFAULT]",
                        "base = %(here)s/db",
                        "[alembic]",
                        "script_location = %(base)s",
                        "version_locations = %(base)s/100%%done %(base)s/missing")
                .mig("db/100%done/x.py")
                .dir("db/versions");
        ChainSource c = only(discover(t.root));
        assertThat(paths(c)).containsExactly("db/100%done/x.py");
        assertThat(c.versionLocations()).containsExactly("db/100%done");
        // a missing explicit location is skipped, as Alembic does, but said
        assertThat(c.findings())
                .extracting(Tree::render)
                .containsExactly("invalid-config info alembic.ini:5 version location db/missing does not exist");
    }

    @Test
    void flaskMigrateLayoutWithoutScriptLocation() throws IOException {
        // Flask-Migrate's migrations/alembic.ini has no script_location: `flask db` passes the folder at run time
        Tree t = tree().ini(
                        "migrations/alembic.ini",
                        "# A generic, single database configuration.",
                        "",
                        "[alembic]",
                        "# template used to generate migration files",
                        "# file_template = %%(rev)s_%%(slug)s",
                        "",
                        "[loggers]",
                        "keys = root,sqlalchemy,alembic")
                .file("migrations/env.py", "")
                .file("migrations/script.py.mako", "")
                .mig("migrations/versions/1f2e3d4c5b6a_init.py")
                .file("app.py", "");
        ChainSource c = only(discover(t.root));
        assertThat(c.location()).isEqualTo("migrations");
        assertThat(paths(c)).containsExactly("migrations/versions/1f2e3d4c5b6a_init.py");
        assertThat(c.findings())
                .extracting(Finding::check, Finding::severity, Finding::line, Finding::alembic)
                .containsExactly(Tuple.tuple(
                        Check.INVALID_CONFIG.wire(),
                        Severity.INFO,
                        3,
                        "the plain alembic command fails with: No 'script_location' key found in configuration."));
    }

    @Test
    void scriptLocationDotBesideTheIni() throws IOException {
        Tree t = tree().ini("migrations/alembic.ini", "[alembic]", "script_location = .")
                .file("migrations/env.py", "")
                .mig("migrations/versions/001_init.py");
        ChainSource c = only(discover(t.root));
        assertThat(c.location()).isEqualTo("migrations");
        assertThat(c.versionLocations()).containsExactly("migrations/versions");
        assertThat(paths(c)).containsExactly("migrations/versions/001_init.py");
    }

    @Test
    void severalIniFilesAreSeveralChainsAndBoringFoldersAreSkipped() throws IOException {
        Tree t = tree();
        for (String svc : List.of(
                "services/b",
                "services/a",
                "node_modules/pkg",
                ".git/x",
                ".venv/lib",
                "venv/x",
                "lib/site-packages/p",
                "a/__pycache__",
                "d1/d2/d3/d4/d5/d6")) {
            t.ini(svc + "/alembic.ini", "[alembic]", "script_location = %(here)s/alembic")
                    .mig(svc + "/alembic/versions/m.py");
        }
        List<ChainSource> chains = discover(t.root);
        // d1/../d6/alembic.ini is at depth 7, beyond the bound
        assertThat(chains).extracting(ChainSource::location).containsExactly("services/a", "services/b");
        assertThat(chains)
                .extracting(Tree::paths)
                .containsExactly(
                        List.of("services/a/alembic/versions/m.py"), List.of("services/b/alembic/versions/m.py"));
    }

    @Test
    void rootThatIsItselfAVersionsFolder() throws IOException {
        Tree t = tree().mig("002_b.py").mig("001_a.py").file("helpers.txt", "down_revision");
        ChainSource c = only(discover(t.root));
        assertThat(c.location()).isEqualTo(".");
        assertThat(c.iniFile()).isNull();
        assertThat(c.versionLocations()).containsExactly(".");
        assertThat(paths(c)).containsExactly("001_a.py", "002_b.py");
    }

    @Test
    void repositoryWithoutIniUsesVersionsFoldersThatDefineDownRevision() throws IOException {
        Tree t = tree().file("setup.py", "print('hi')")
                .mig("svc/db/versions/a.py")
                .mig("svc/db/versions/b.py")
                .file("static/versions/v1.py", "VERSION = 1")
                .mig("other/migrations/versions/x.py")
                .mig("node_modules/m/versions/n.py");
        List<ChainSource> chains = discover(t.root);
        assertThat(chains)
                .extracting(ChainSource::location)
                .containsExactly("other/migrations/versions", "svc/db/versions");
        assertThat(chains).extracting(ChainSource::iniFile).containsOnlyNulls();
        assertThat(paths(chains.get(1))).containsExactly("svc/db/versions/a.py", "svc/db/versions/b.py");
    }

    @Test
    void nothingToFind() throws IOException {
        assertThat(discover(tree().file("README.md", "hi").root)).isEmpty();
    }

    @Test
    void missingOrNonFolderRootIsAClearIOException() throws IOException {
        Path missing = tmp.resolve("nope");
        assertThatThrownBy(() -> discover(missing))
                .isInstanceOf(IOException.class)
                .hasMessage(missing + ": the folder to analyse does not exist");
        Path file = Files.writeString(tmp.resolve("f.py"), "x");
        assertThatThrownBy(() -> discover(file))
                .isInstanceOf(IOException.class)
                .hasMessage(file + ": the path to analyse is not a folder");
    }

    @Test
    void sameFileTwiceIsLoadedOnceWithAlembicsWarning() throws IOException {
        Tree t = tree().ini("alembic.ini", "[alembic]", "script_location = s", "version_locations = %(here)s/v v")
                .mig("v/a.py")
                .mig("v/b.py")
                .dir("s");
        ChainSource c = only(discover(t.root));
        assertThat(paths(c)).containsExactly("v/a.py", "v/b.py");
        assertThat(c.versionLocations()).containsExactly("v");
        assertThat(c.findings())
                .extracting(Finding::check, Finding::file, Finding::alembic)
                .containsExactly(
                        // the path is relative to the analysed folder: a finding never names a path of the machine
                        Tuple.tuple(
                                Check.DUPLICATE_FILE.wire(),
                                "v/a.py",
                                "UserWarning: File "
                                        + "v/a.py loaded twice! ignoring. Please ensure version_locations is unique."),
                        Tuple.tuple(
                                Check.DUPLICATE_FILE.wire(),
                                "v/b.py",
                                "UserWarning: File "
                                        + "v/b.py loaded twice! ignoring. Please ensure version_locations is unique."));
    }

    @Test
    void symlinksInsideTheRootAreFollowedOnce() throws IOException {
        Tree t = tree().ini("alembic.ini", "[alembic]", "script_location = s", "version_locations = v shared")
                .mig("shared/z.py")
                .dir("s");
        t.link("v/a_link.py", t.root.resolve("shared/z.py"));
        ChainSource c = only(discover(t.root));
        assertThat(paths(c)).containsExactly("v/a_link.py");
        assertThat(c.files().get(0).file()).isEqualTo(t.root.toRealPath().resolve("shared/z.py"));
        assertThat(checks(c)).containsExactly("duplicate-file:warning");
    }

    @Test
    void symlinkEscapesAreRefused() throws IOException {
        // Given a secret outside the repository and links to it from inside
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret.py"), Tree.migration("s", null));
        Tree t = tree().ini("alembic.ini", "[alembic]", "script_location = db").mig("db/versions/ok.py");
        t.link("db/versions/evil.py", outside.resolve("secret.py"));
        t.link("db/versions/sub", outside);
        t.ini("svc/alembic.ini", "[alembic]", "script_location = db");
        t.link("svc/db/versions", outside);
        // When
        List<ChainSource> chains = discover(t.root);
        // Then nothing outside is listed, and each escape is an unsafe-path ERROR
        assertThat(chains).hasSize(2);
        ChainSource main = chains.get(0);
        assertThat(paths(main)).containsExactly("db/versions/ok.py");
        assertThat(main.findings())
                .extracting(Tree::render)
                .containsExactly("unsafe-path error db/versions/evil.py:0 "
                        + "db/versions/evil.py is a symlink to a file outside the analysed folder; it is not read");
        ChainSource svc = chains.get(1);
        assertThat(svc.files()).isEmpty();
        assertThat(svc.versionLocations()).isEmpty();
        assertThat(svc.findings())
                .extracting(Tree::render)
                .containsExactly("unsafe-path error svc/alembic.ini:2 "
                        + "version location svc/db/versions leads outside the analysed folder (a symbolic link) or is not a "
                        + "folder; it is not scanned");
    }

    @Test
    void versionLocationsOutsideTheRootAreNotScanned() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.writeString(outside.resolve("x.py"), Tree.migration("x", null));
        Tree t = tree().ini(
                        "alembic.ini",
                        "[alembic]",
                        "script_location = db",
                        "version_locations = ../elsewhere " + outside + " db/../../elsewhere db/v")
                .mig("db/v/a.py");
        ChainSource c = only(discover(t.root));
        assertThat(paths(c)).containsExactly("db/v/a.py");
        assertThat(c.findings())
                .extracting(Finding::check, Finding::severity, Finding::file, Finding::line)
                .containsOnly(Tuple.tuple(Check.UNSAFE_PATH.wire(), Severity.ERROR, "alembic.ini", 3));
        assertThat(c.findings()).hasSize(3);
        assertThat(c.findings().get(0).message())
                .isEqualTo(
                        "version location '../elsewhere' resolves outside the " + "analysed folder; it is not scanned");
    }

    @Test
    void subFolderMigrationsAreNotLoadedBy181() throws IOException {
        Tree t = tree().ini("alembic.ini", "[alembic]", "script_location = db", "recursive_version_locations = true")
                .mig("db/versions/top.py")
                .mig("db/versions/2024/q1/deep.py")
                .file("db/versions/util/helpers.py", "def helper(): pass")
                .mig("db/versions/__pycache__/cached.py");
        ChainSource c = only(discover(t.root));
        assertThat(paths(c)).containsExactly("db/versions/top.py");
        assertThat(c.findings())
                .extracting(Tree::render)
                .containsExactly(
                        "unloaded-file info alembic.ini:3 recursive_version_locations is set, but Alembic 1.8.1 does not know"
                                + " it (added in 1.10): only the top level of each version location is loaded",
                        "unloaded-file warning db/versions/2024/q1/deep.py:0 1 migration file(s) in sub-folder"
                                + " db/versions/2024/q1 (first: db/versions/2024/q1/deep.py) are not loaded: only the top level"
                                + " of db/versions is a version location (recursive_version_locations is set but not known to"
                                + " this Alembic release)");
        // without the option, a sub-folder whose files refer only to each other is a chain of its own
        t.ini("alembic.ini", "[alembic]", "script_location = db");
        List<ChainSource> chains = discover(t.root);
        assertThat(chains).extracting(ChainSource::name).containsExactly("alembic", "alembic/2024/q1");
        assertThat(paths(chains.get(0))).containsExactly("db/versions/top.py");
        assertThat(paths(chains.get(1))).containsExactly("db/versions/2024/q1/deep.py");
        assertThat(chains.get(1).notes()).singleElement().asString().contains("complete chain of its own");
        // and from 1.10 the option loads every sub-folder into the one chain
        t.ini("alembic.ini", "[alembic]", "script_location = db", "recursive_version_locations = true");
        ChainSource all = only(
                Discovery.discover(t.root, new ChainResolver.Options(List.of(), null, AlembicRelease.parse("1.10"))));
        assertThat(paths(all))
                .containsExactly("db/versions/top.py", "db/versions/2024/q1/deep.py", "db/versions/util/helpers.py");
    }

    @Test
    void sourcelessIsRecordedAndCompiledOnlyFilesAreSaid() throws IOException {
        Tree t = tree().ini("alembic.ini", "[alembic]", "script_location = db", "sourceless = true")
                .mig("db/versions/a.py")
                .file("db/versions/a.pyc", "")
                .file("db/versions/b.pyc", "")
                .file("db/versions/__pycache__/c.cpython-311.pyc", "")
                .file("db/versions/__pycache__/a.cpython-311.pyc", "");
        ChainSource c = only(discover(t.root));
        assertThat(paths(c)).containsExactly("db/versions/a.py");
        assertThat(c.findings())
                .extracting(Tree::render)
                .containsExactly("unloaded-file warning alembic.ini:3 "
                        + "sourceless = true: Alembic also loads 2 compiled file(s) without source (first: db/versions/b.pyc);"
                        + " revchain reads .py sources only, so they are not analysed");
        // "True" is not "true" for 1.8.1
        t.ini("alembic.ini", "[alembic]", "script_location = db", "sourceless = True");
        assertThat(only(discover(t.root)).findings()).isEmpty();
    }

    @Test
    void brokenSymlinkAndFolderNamedPyAreErrors() throws IOException {
        Tree t = tree().ini("alembic.ini", "[alembic]", "script_location = db")
                .mig("db/versions/a.py")
                .dir("db/versions/pkg.py");
        t.link("db/versions/gone.py", t.root.resolve("db/versions/nothing.py"));
        ChainSource c = only(discover(t.root));
        assertThat(paths(c)).containsExactly("db/versions/a.py");
        assertThat(c.findings())
                .extracting(Tree::render)
                .containsExactly(
                        "unparseable-file error db/versions/gone.py:0 db/versions/gone.py is a broken symlink",
                        "unparseable-file error db/versions/pkg.py:0 db/versions/pkg.py is a folder but its name ends in .py,"
                                + " so Alembic tries to load it");
    }

    @Test
    void packageResourceScriptLocationIsThePackagesFolder() throws IOException {
        Tree t = tree().ini("alembic.ini", "[alembic]", "script_location = myapp:migrations")
                .file("myapp/__init__.py", "")
                .mig("myapp/migrations/versions/a.py");
        ChainSource c = only(discover(t.root));
        assertThat(paths(c)).containsExactly("myapp/migrations/versions/a.py");
        assertThat(c.findings()).isEmpty();
        assertThat(c.notes()).containsExactly("script_location 'myapp:migrations' is package myapp at myapp");
    }

    @Test
    void packageResourceInSrcLayoutAndDottedPackage() throws IOException {
        Tree t = tree().ini("alembic.ini", "[alembic]", "script_location = myapp.db:migrations")
                .file("src/myapp/__init__.py", "")
                .file("src/myapp/db/__init__.py", "")
                .mig("src/myapp/db/migrations/versions/a.py");
        ChainSource c = only(discover(t.root));
        assertThat(paths(c)).containsExactly("src/myapp/db/migrations/versions/a.py");
        assertThat(c.notes()).singleElement().asString().contains("package myapp.db at src/myapp/db");
    }

    @Test
    void packageResourceNotInTheRepositoryIsAnErrorThatSaysWhatToState() throws IOException {
        Tree t = tree().ini("alembic.ini", "[alembic]", "script_location = installed_elsewhere:migrations");
        ChainSource c = only(discover(t.root));
        assertThat(c.resolved()).isFalse();
        assertThat(c.findings()).singleElement().satisfies(f -> {
            assertThat(f.check()).isEqualTo(Check.INVALID_CONFIG.wire());
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.line()).isEqualTo(2);
            assertThat(f.message())
                    .contains("names package installed_elsewhere")
                    .contains(".revchain.yaml")
                    .contains("version_locations");
        });
    }

    @Test
    void strayCommaMakesAlembicScanItsOwnFolder() throws IOException {
        Tree t = tree().ini("alembic.ini", "[alembic]", "script_location = db", "version_locations = db/v,")
                .mig("db/v/a.py")
                .file("env_helpers.py", "");
        ChainSource c = only(discover(t.root));
        assertThat(paths(c)).containsExactly("db/v/a.py", "env_helpers.py");
        assertThat(c.versionLocations()).containsExactly("db/v", ".");
        // db/v is a version location of its own, so the root's sub-folder db/v is not "unloaded"
        assertThat(checks(c)).containsExactly("invalid-config:warning");
    }

    @Test
    void hundredThousandFilesInOneFolder() throws IOException {
        // Given 100,000 empty migration-named files plus as many others
        Tree t = tree().ini("alembic.ini", "[alembic]", "script_location = db");
        Path versions = Files.createDirectories(t.root.resolve("db/versions"));
        for (int i = 0; i < 100_000; i++) {
            Files.createFile(versions.resolve(String.format("%06d_m.py", i)));
        }
        // When
        ChainSource c = only(discover(t.root));
        // Then every file is listed once, in order
        assertThat(c.files()).hasSize(100_000);
        assertThat(c.files().get(0).path()).isEqualTo("db/versions/000000_m.py");
        assertThat(c.files().get(99_999).path()).isEqualTo("db/versions/099999_m.py");
        assertThat(c.findings()).isEmpty();
    }
}
