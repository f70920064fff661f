package io.revchain.core.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential test: generated migration files read by the parser and by CPython's {@code ast} (one
 * {@code /usr/bin/python3} process for all files) must agree on every field, span and docstring line.
 */
@Tag("oracle")
class MigrationParserDifferentialTest {

    @Test
    void agreesWithCPythonOnGeneratedMigrations(@TempDir Path dir) throws Exception {
        // Given: 1200 files from fixed seeds, so a failure is reproducible
        int files = 0;
        for (long seed : new long[] {1L, 42L, 20261124L}) {
            MigrationFileGenerator gen = new MigrationFileGenerator(seed);
            for (int i = 0; i < 400; i++) {
                Files.write(dir.resolve(String.format("s%d_%04d.py", seed, i)), gen.next());
                files++;
            }
        }
        // When
        List<String> problems = PythonOracle.disagreements(dir, new MigrationParser(null));
        // Then
        assertThat(files).isEqualTo(1200);
        assertThat(problems)
                .as("disagreements with CPython (first 30 shown)")
                .overridingErrorMessage(
                        "%d disagreements:%n%s",
                        problems.size(), String.join("\n", problems.subList(0, Math.min(30, problems.size()))))
                .isEmpty();
    }
}
