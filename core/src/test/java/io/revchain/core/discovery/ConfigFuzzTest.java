package io.revchain.core.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.revchain.core.alembic.AlembicRelease;
import io.revchain.core.config.ConfigException;
import io.revchain.core.config.RepoConfig;
import io.revchain.core.model.Finding;
import io.revchain.core.tree.MemoryTree;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Coverage-guided fuzzing of the configuration readers a pull request controls: {@code alembic.ini} (IniFile,
 * AlembicIni, the chain resolution over it), {@code pyproject.toml} ({@code [tool.alembic]} and the Alembic pin) and
 * {@code .revchain.yaml} (RepoConfig on StrictYaml). The property: nothing is thrown but the documented
 * {@link ConfigException} (findings otherwise), each input is handled within {@link #BOUND_NANOS}, no finding names
 * the virtual root of {@code %(here)s}, and a {@code ConfigException}'s message is one bounded line.
 *
 * <p>In a normal {@code mvn test} each method runs on its stored inputs, under
 * {@code src/test/resources/io/revchain/core/discovery/ConfigFuzzTestInputs/<method>/}, plus the empty input; with
 * {@code JAZZER_FUZZ=1} libFuzzer fuzzes one method for {@code maxDuration}, starting from them:
 * <pre>
 * JAZZER_FUZZ=1 mvn -q -o -pl core test -Dtest='ConfigFuzzTest#alembicIni' -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * ({@code #pyprojectToml}, {@code #revchainYaml} likewise). {@link #oneMebibyteInputs} runs 1 MiB inputs of hostile
 * shapes through all three in every build.
 */
class ConfigFuzzTest {

    /**
     * A hang guard, not a speed goal (speed is measured by {@code revchain bench}, beside the machine's floor): a
     * quadratic reader takes hours on 1 MiB, these readers take milliseconds to a few seconds, and a loaded CI
     * machine has been seen at 15 s; two minutes tells a hang from a slow machine.
     */
    static final long BOUND_NANOS = 120_000_000_000L;

    private static final String MIGRATION = "revision = 'a1'\ndown_revision = None\n";

    @FuzzTest(maxDuration = "2m")
    void alembicIni(byte[] input) {
        long t = System.nanoTime();
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("alembic.ini", input);
        files.put("migrations/versions/a1.py", MIGRATION.getBytes(StandardCharsets.UTF_8));
        List<Finding> findings = resolve(files);
        // every option of every section, interpolated: the budget holds whatever the option
        IniFile ini = IniFile.parse("alembic.ini", Discovery.decodeIni(input), Map.of("here", "/r"));
        for (String s : ini.sections()) {
            for (String o : ini.optionNames(s)) {
                IniFile.Value v = ini.get(s, o);
                assertThat(v.ok() ? v.value().length() : 0).isLessThanOrEqualTo(IniFile.MAX_EXPANDED_CHARS);
            }
        }
        within(t, input, findings);
    }

    @FuzzTest(maxDuration = "2m")
    void pyprojectToml(byte[] input) {
        long t = System.nanoTime();
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("pyproject.toml", input);
        files.put("migrations/versions/a1.py", MIGRATION.getBytes(StandardCharsets.UTF_8));
        List<Finding> findings = resolve(files);
        // beside an ini too, as releases from 1.16 read it
        files.put("alembic.ini", "[alembic]\nscript_location = migrations\n".getBytes(StandardCharsets.UTF_8));
        findings.addAll(resolve(files));
        within(t, input, findings);
    }

    @FuzzTest(maxDuration = "2m")
    void revchainYaml(byte[] input) {
        long t = System.nanoTime();
        try {
            RepoConfig c = RepoConfig.parse(".revchain.yaml", new String(input, StandardCharsets.UTF_8));
            c.overriddenBy(RepoConfig.DEFAULTS);
        } catch (ConfigException e) {
            assertThat(e.getMessage())
                    .startsWith(".revchain.yaml")
                    .doesNotContain("\n")
                    .hasSizeLessThan(1024);
        }
        within(t, input, List.of());
    }

    /** The three readers on 1 MiB inputs of the shapes that make parsers quadratic or deep. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "long-line",
                "many-lines",
                "spaces",
                "percent",
                "references",
                "brackets",
                "quotes",
                "keys",
                "continuation"
            })
    void oneMebibyteInputs(String shape) {
        byte[] input = oneMebibyte(shape).getBytes(StandardCharsets.UTF_8);
        assertThat(input.length).isBetween(1 << 20, (1 << 20) + 256);
        alembicIni(input);
        pyprojectToml(input);
        revchainYaml(input);
    }

    static String oneMebibyte(String shape) {
        int n = 1 << 20;
        StringBuilder b = new StringBuilder(n + 256);
        switch (shape) {
            case "long-line" -> b.append("[alembic]\nscript_location = ").append("a".repeat(n));
            case "many-lines" -> {
                b.append("[alembic]\n");
                for (int i = 0; b.length() < n; i++) {
                    b.append("k").append(i).append(" = v\n");
                }
            }
            case "spaces" -> b.append("[alembic]\nk").append(" ".repeat(n)).append("x");
            case "percent" -> b.append("[alembic]\nscript_location = ").append("%%".repeat(n / 2));
            case "references" -> {
                b.append("[alembic]\nk = x\nscript_location = ");
                while (b.length() < n) {
                    b.append("%(k)s");
                }
            }
            case "brackets" -> b.append("[".repeat(n / 2)).append("]".repeat(n / 2));
            case "quotes" -> b.append("a = \"").append("\\\"".repeat(n / 2));
            case "keys" -> {
                while (b.length() < n) {
                    b.append("k").append(b.length()).append(": 1\n");
                }
            }
            case "continuation" -> {
                b.append("[alembic]\nversion_locations = a\n");
                while (b.length() < n) {
                    b.append("    b\n");
                }
            }
            default -> throw new IllegalArgumentException(shape);
        }
        while (b.length() < n) {
            b.append('\n');
        }
        return b.toString();
    }

    private static List<Finding> resolve(Map<String, byte[]> files) {
        List<Finding> out = new ArrayList<>();
        for (AlembicRelease r : new AlembicRelease[] {null, AlembicRelease.ORACLE}) {
            for (ChainPlan p : ChainResolver.resolve(
                            new MemoryTree(files), new ChainResolver.Options(List.of(), null, r))
                    .chains()) {
                out.addAll(p.findings());
            }
        }
        return out;
    }

    private static void within(long start, byte[] input, List<Finding> findings) {
        long took = System.nanoTime() - start;
        assertThat(took)
                .as("input of %d bytes took %d ms", input.length, took / 1_000_000)
                .isLessThan(BOUND_NANOS);
        // the virtual root as an absolute path, unless the file itself writes it (a finding may quote the file's
        // own lines; "%(here)s/.%(here)s" names a folder called .revchain-repository-root inside the repository)
        if (!new String(input, StandardCharsets.ISO_8859_1).contains(".revchain-repository-root")) {
            for (Finding f : findings) {
                assertThat(f.message() + " " + f.alembic()).doesNotContain("/.revchain-repository-root");
            }
        }
    }
}
