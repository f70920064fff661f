package io.revchain.core.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.revchain.core.alembic.AlembicRelease;
import io.revchain.core.model.Check;
import io.revchain.core.model.Finding;
import io.revchain.core.model.Severity;
import io.revchain.core.tree.MemoryTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Configuration files of a hostile repository: an {@code alembic.ini} that expands without limit, one that is a FIFO
 * or a link out of the repository, and findings that would carry paths of the machine into a public report.
 */
class HostileDiscoveryTest {

    @TempDir
    Path tmp;

    private Tree tree() throws IOException {
        return new Tree(Files.createDirectories(tmp.resolve("repo")));
    }

    private static List<ChainSource> discover(Path root) throws IOException {
        return Discovery.discover(root, new ChainResolver.Options(List.of(), null, AlembicRelease.ORACLE));
    }

    private static List<Finding> findings(List<ChainSource> chains) {
        List<Finding> out = new ArrayList<>();
        chains.forEach(c -> out.addAll(c.findings()));
        return out;
    }

    /** Ten keys, each naming the next ten times: 600 bytes that configparser expands to gigabytes. */
    static String expansionBomb(String last) {
        StringBuilder ini = new StringBuilder("[alembic]\nscript_location = %(k0)s\n");
        for (int i = 0; i < 9; i++) {
            ini.append('k')
                    .append(i)
                    .append(" = ")
                    .append(("%(k" + (i + 1) + ")s").repeat(10))
                    .append('\n');
        }
        return ini.append("k9 = ").append(last).append('\n').toString();
    }

    @Test
    void anExpansionBombIsAnInvalidConfigErrorNotAnOutOfMemory() {
        for (String last : List.of("xxxxxxxxxx", "")) {
            String ini = expansionBomb(last);
            assertThat(ini.length()).isLessThan(700);
            List<ChainPlan> plans = assertTimeoutPreemptively(
                    Duration.ofSeconds(20),
                    () -> ChainResolver.resolve(
                                    MemoryTree.ofTexts(Map.of("alembic.ini", ini)), ChainResolver.Options.DEFAULT)
                            .chains());
            // Then: an ERROR naming the file, the line and the option; the chain is not resolved
            assertThat(plans).hasSize(1);
            assertThat(plans.get(0).findings())
                    .filteredOn(f -> f.check().equals(Check.INVALID_CONFIG.wire()))
                    .extracting(Finding::severity, Finding::file, Finding::line)
                    .contains(Tuple.tuple(Severity.ERROR, "alembic.ini", 2));
            Finding f = plans.get(0).findings().stream()
                    .filter(x -> x.line() == 2)
                    .findFirst()
                    .orElseThrow();
            assertThat(f.message())
                    .startsWith("option script_location is not expanded: option 'script_location' "
                            + "in section 'alembic' ")
                    .contains(
                            last.isEmpty()
                                    ? "more than " + 10_000 + " substitutions"
                                    : "more than " + 65_536 + " characters");
        }
    }

    @Test
    void aLongValueWithManyEscapesExpandsInLinearTime() {
        // 1 MiB of '%%' and one of spaces before the delimiter (the regex configparser uses backtracks on it)
        String ini = "[alembic]\nscript_location = db\nx = " + "%%".repeat(512 * 1024) + "\ny" + " ".repeat(1 << 20)
                + "z = 1\n";
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            IniFile f = IniFile.parse("alembic.ini", ini, Map.of());
            assertThat(f.problems()).isEmpty();
            assertThat(f.get("alembic", "x").problem().message()).contains("more than " + 65_536 + " characters");
            assertThat(f.option("alembic", "y" + " ".repeat(1 << 20) + "z")).isPresent();
            assertThat(f.optionNames("alembic")).hasSize(3);
        });
    }

    @Test
    void aFifoAlembicIniIsAnErrorNotASilentFallback() throws Exception {
        // Given a healthy versions folder, found by inference, and an alembic.ini that is a FIFO
        Tree t = tree().mig("db/versions/a.py");
        assertThat(mkfifo(t.root.resolve("alembic.ini")))
                .as("mkfifo (coreutils) makes the FIFO")
                .isTrue();
        // When
        List<ChainSource> chains = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> discover(t.root));
        // Then the check is never healthy: the ini is an ERROR that says what it is
        assertThat(findings(chains))
                .extracting(Tree::render)
                .contains("invalid-config error alembic.ini:0 "
                        + "alembic.ini is not a regular file (a FIFO, socket or device); it is not read, and the chains it "
                        + "configures are not checked");
    }

    @Test
    void configurationFilesLinkingOutAreUnsafePaths() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("alembic.ini"), "[alembic]\nscript_location = /etc\n");
        Files.writeString(outside.resolve("pyproject.toml"), "[tool.alembic]\nscript_location = '/etc'\n");
        Tree t = tree().mig("db/versions/a.py");
        t.link("alembic.ini", outside.resolve("alembic.ini"));
        t.link("svc/pyproject.toml", outside.resolve("pyproject.toml"));
        List<Finding> all = findings(discover(t.root));
        assertThat(all)
                .extracting(Tree::render)
                .contains(
                        "unsafe-path error alembic.ini:0 alembic.ini is a symbolic link leading outside the repository; it "
                                + "is not read, and the chains it configures are not checked",
                        "unsafe-path error svc/pyproject.toml:0 svc/pyproject.toml is a symbolic link leading outside the "
                                + "repository; it is not read, and the chains it configures are not checked");
        assertNoMachinePath(all);
    }

    @Test
    void aBrokenLinkAsAlembicIniIsAnError() throws IOException {
        Tree t = tree().mig("db/versions/a.py");
        t.link("alembic.ini", tmp.resolve("gone.ini"));
        assertThat(findings(discover(t.root)))
                .extracting(Tree::render)
                .contains("invalid-config error alembic.ini:0 "
                        + "alembic.ini is a broken symbolic link; it is not read, and the chains it configures are not "
                        + "checked");
    }

    @Test
    void findingsNameNoPathOfTheMachine() throws IOException {
        // Given a migration linked to a file outside, one linked twice inside, and one broken link
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret.py"), Tree.migration("s", null));
        Tree t = tree().ini("alembic.ini", "[alembic]", "script_location = db", "version_locations = db/v db/w")
                .mig("db/v/a.py")
                .dir("db/w");
        t.link("db/v/evil.py", outside.resolve("secret.py"));
        t.link("db/w/a.py", t.root.resolve("db/v/a.py"));
        t.link("db/v/gone.py", tmp.resolve("nowhere.py"));
        // When
        List<Finding> all = findings(discover(t.root));
        // Then every path is relative to the analysed folder
        assertThat(all)
                .extracting(Tree::render)
                .contains("unsafe-path error db/v/evil.py:0 db/v/evil.py is a "
                        + "symlink to a file outside the analysed folder; it is not read");
        assertThat(all)
                .extracting(Finding::alembic)
                .contains(
                        "UserWarning: File db/v/a.py loaded twice! ignoring. "
                                + "Please ensure version_locations is unique.",
                        "ImportError: Can't find Python file db/v/gone.py");
        assertNoMachinePath(all);
    }

    @Test
    void theVirtualRootOfHereNeverLeaks() throws IOException {
        // Given locations written with %(here)s that leave the repository, do not exist, or are not numbers
        Tree t = tree().ini(
                        "alembic.ini",
                        "[alembic]",
                        "script_location = %(here)s/../elsewhere",
                        "truncate_slug_length = %(here)s")
                .ini("b/alembic.ini", "[alembic]", "script_location = %(here)s/missing")
                .ini("c/alembic.ini", "[alembic]", "script_location = db", "version_locations = %(here)s/../../x")
                .ini("d/pyproject.toml", "[tool.alembic]", "script_location = \"%(here)s/../../nowhere\"");
        List<Finding> all = findings(
                Discovery.discover(t.root, new ChainResolver.Options(List.of(), null, AlembicRelease.CURRENT)));
        assertThat(all)
                .extracting(Tree::render)
                .contains(
                        "unsafe-path error alembic.ini:2 script_location '../elsewhere' resolves outside the analysed "
                                + "folder; it is not scanned",
                        "invalid-config error alembic.ini:3 truncate_slug_length is not an integer: '.'",
                        "unsafe-path error c/alembic.ini:3 version location 'c/../../x' resolves outside the analysed folder; it "
                                + "is not scanned",
                        "unsafe-path error d/pyproject.toml:0 script_location 'd/../../nowhere' resolves outside the analysed "
                                + "folder; it is not scanned");
        assertThat(all)
                .extracting(Tree::render)
                .anyMatch(s -> s.startsWith(
                        "invalid-config error b/alembic.ini:2 script_location 'b/missing' does not exist"));
        assertNoMachinePath(all);
    }

    @Test
    void aNulCharacterInALocationIsAFindingNotACrash() throws IOException {
        // Given locations holding a NUL (found by ConfigFuzzTest: Path.resolve threw InvalidPathException)
        Tree t = tree().ini(
                        "alembic.ini",
                        "[alembic]",
                        "script_location = db\0x",
                        "version_locations = v\0w %(here)s/../\0",
                        "[pkg]",
                        "script_location = p\0kg:db")
                .mig("v/a.py");
        List<Finding> all = findings(discover(t.root));
        assertThat(all)
                .extracting(Tree::render)
                .contains(
                        "invalid-config error alembic.ini:2 script_location 'db\\x00x' contains a NUL character, which no "
                                + "path can hold; it is not scanned",
                        "invalid-config error alembic.ini:3 version location 'v\\x00w' contains a NUL character, which no "
                                + "path can hold; it is not scanned");
        // And in a layout stated in .revchain.yaml
        List<Finding> stated = findings(Discovery.discover(
                t.root,
                new ChainResolver.Options(
                        List.of(new ChainResolver.ExplicitChain("x", List.of("v\0w", "v"), false)),
                        ".revchain.yaml",
                        AlembicRelease.ORACLE)));
        assertThat(stated)
                .extracting(Tree::render)
                .contains("invalid-config error .revchain.yaml:0 version "
                        + "location 'v\\x00w' contains a NUL character, which no path can hold; it is not scanned");
        assertNoMachinePath(all);
    }

    private void assertNoMachinePath(List<Finding> findings) {
        for (Finding f : findings) {
            for (String text : new String[] {f.message(), f.alembic(), f.file()}) {
                if (text != null) {
                    assertThat(text)
                            .as(Tree.render(f))
                            .doesNotContain(tmp.toString())
                            .doesNotContain(".revchain-repository-root")
                            .doesNotContain("/etc");
                }
            }
        }
    }

    static boolean mkfifo(Path p) {
        try {
            Files.createDirectories(p.getParent());
            Process pr = new ProcessBuilder("mkfifo", p.toString())
                    .redirectErrorStream(true)
                    .start();
            return pr.waitFor() == 0 && Files.exists(p);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
