package io.revchain.core.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.core.model.Finding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** configparser and {@code from_config} rules; messages checked against Python 3.11 / Alembic 1.8.1 output. */
class AlembicIniTest {

    private static IniFile ini(String text) {
        return IniFile.parse("alembic.ini", text, Map.of("here", "/h"));
    }

    private static List<String> findings(String text) {
        return AlembicIni.read(ini(text), "alembic.ini").findings().stream()
                .map(f -> f.line() + " " + f.message() + " | " + f.alembic())
                .toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "missing key|[alembic]\\nscript_location = db\\nfile_template = %(rev)s_%(slug)s\\n|3|option file_template "
                        + "cannot be interpolated: Bad value substitution: option 'file_template' in section 'alembic' contains an "
                        + "interpolation key 'rev' which is not a valid option name. Raw value: '%(rev)s_%(slug)s'",
                "lone percent|[alembic]\\nscript_location = db\\nversion_locations = 50%\\n|3|option version_locations "
                        + "cannot be interpolated: '%' must be followed by '%' or '(', found: '%'",
                "bad reference|[alembic]\\nscript_location = db\\nversion_locations = %(here\\n|3|option version_locations "
                        + "cannot be interpolated: bad interpolation variable reference '%(here'",
                "depth|[alembic]\\na = %(b)s\\nb = %(a)s\\nscript_location = %(a)s\\n|4|option script_location cannot be "
                        + "interpolated: Recursion limit exceeded in value substitution: option 'script_location' in section "
                        + "'alembic' contains an interpolation key which cannot be substituted in 10 steps. Raw value: '%(a)s'",
                "duplicate option|[alembic]\\nscript_location = db\\nScript_Location = x\\n|3|alembic.ini cannot be read by "
                        + "Python's configparser: While reading from 'alembic.ini' [line  3]: option 'script_location' in section "
                        + "'alembic' already exists",
                "duplicate section|[alembic]\\nscript_location = db\\n[alembic]\\n|3|alembic.ini cannot be read by Python's "
                        + "configparser: While reading from 'alembic.ini' [line  3]: section 'alembic' already exists",
                "unparsable line|[alembic]\\nscript_location = db\\njunk line\\n|3|alembic.ini cannot be read by Python's "
                        + "configparser: Source contains parsing errors: 'alembic.ini' [line  3]: 'junk line\\n'",
                "bad int|[alembic]\\nscript_location = db\\ntruncate_slug_length = forty\\n|3|truncate_slug_length is not "
                        + "an integer: 'forty'",
                "bad separator|[alembic]\\nscript_location = db\\nversion_locations = a,b\\nversion_path_separator = ,\\n|4|"
                        + "version_path_separator = , is not accepted by Alembic 1.8.1; revchain falls back to splitting on "
                        + "commas and spaces",
            })
    void everyFromConfigFailureIsAFindingWithItsLine(String name, String text, int line, String message) {
        List<Finding> fs =
                AlembicIni.read(ini(text.replace("\\n", "\n")), "alembic.ini").findings();
        assertThat(fs).hasSize(1);
        assertThat(fs.get(0).check()).isEqualTo("invalid-config");
        assertThat(fs.get(0).isError()).isTrue();
        assertThat(fs.get(0).file()).isEqualTo("alembic.ini");
        assertThat(fs.get(0).line()).isEqualTo(line);
        assertThat(fs.get(0).message()).isEqualTo(message);
    }

    @Test
    void noSectionAndNoHeader() {
        assertThat(findings("[loggers]\nkeys = root\n"))
                .containsExactly("0 alembic.ini has no [alembic] section | "
                        + "FAILED: No config file 'alembic.ini' found, or file has no '[alembic]' section");
        assertThat(findings("script_location = db\n[alembic]\n"))
                .containsExactly(
                        "1 alembic.ini cannot be read by Python's configparser: File contains no section headers. file: "
                                + "'alembic.ini', line: 1 'script_location = db\\n' | configparser raises while reading the "
                                + "file: every command fails",
                        "0 alembic.ini has no [alembic] section | FAILED: No config file 'alembic.ini' found, or file has no "
                                + "'[alembic]' section");
    }

    @Test
    void newlineSeparatorIsRejectedBy181ButItsIntentIsKept() {
        AlembicIni.Settings s = AlembicIni.read(
                ini("[alembic]\nscript_location = db\nversion_locations =\n"
                        + "    a\n    b c\nversion_path_separator = newline\n"),
                "alembic.ini");
        assertThat(s.versionLocations()).containsExactly("a", "b c");
        assertThat(s.findings())
                .extracting(Finding::line, Finding::alembic)
                .containsExactly(Tuple.tuple(
                        6,
                        "ValueError: 'newline' is not a valid value for "
                                + "version_path_separator; expected 'space', 'os', ':', ';'"));
    }

    @Test
    void multiLineValuesCommentsAndDefaults() {
        IniFile f = ini("# header comment\n[DEFAULT]\nroot = %(here)s/x\n[alembic]\nscript_location = %(ROOT)s\n"
                + "version_locations =\n    a\n\n    b\n  # c\nx=1\n; end\n");
        assertThat(f.problems()).isEmpty();
        assertThat(f.get("alembic", "script_location").value()).isEqualTo("/h/x");
        assertThat(f.get("alembic", "version_locations").value()).isEqualTo("\na\n\nb");
        assertThat(f.get("alembic", "X").value()).isEqualTo("1");
        assertThat(f.option("alembic", "version_locations").orElseThrow().line())
                .isEqualTo(6);
        assertThat(f.get("alembic", "absent").value()).isNull();
        // the legacy split keeps what re.split keeps
        assertThat(AlembicIni.legacySplit("a, b,c  d,")).containsExactly("a", "b", "c", "d", "");
    }

    @Test
    void missingScriptLocationFolderMirrorsAlembic(@TempDir Path tmp) throws IOException {
        Tree t = new Tree(tmp).ini("alembic.ini", "[alembic]", "script_location = nowhere");
        ChainSource c = Discovery.discover(t.root).get(0);
        assertThat(c.findings())
                .extracting(Finding::line, Finding::message, Finding::alembic)
                .containsExactly(Tuple.tuple(
                        2,
                        "script_location 'nowhere' does not exist" + ChainResolver.yamlHint(),
                        "FAILED: Path doesn't exist: 'nowhere'.  Please use the 'init' "
                                + "command to create a new scripts folder."));
        // and a script folder without versions/ makes Alembic fail listing it
        Files.createDirectories(tmp.resolve("nowhere"));
        // (1.8.1 crashes there; from 1.10 a missing versions folder is an empty chain)
        assertThat(DiscoveryTest.discover(t.root).get(0).findings())
                .extracting(Finding::alembic)
                .containsExactly("FileNotFoundError: [Errno 2] No such file or directory: 'nowhere/versions'");
    }

    @Test
    void noScriptLocationWithoutFlaskLayoutIsAlembicsError(@TempDir Path tmp) throws IOException {
        Tree t = new Tree(tmp)
                .ini("alembic.ini", "[alembic]", "sqlalchemy.url = sqlite://")
                .mig("versions/a.py");
        ChainSource c = Discovery.discover(t.root).get(0);
        assertThat(c.files()).isEmpty();
        assertThat(c.findings())
                .extracting(Tree::render)
                .containsExactly("invalid-config error alembic.ini:1 [alembic] has no script_location key");
        assertThat(c.findings().get(0).alembic()).isEqualTo("FAILED: No 'script_location' key found in configuration.");
    }
}
