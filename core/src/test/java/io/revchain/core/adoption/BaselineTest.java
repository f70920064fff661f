package io.revchain.core.adoption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.revchain.core.config.ConfigException;
import io.revchain.core.model.Check;
import io.revchain.core.model.Finding;
import io.revchain.core.model.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class BaselineTest {

    static Finding docstring(String file, int line, String message) {
        return new Finding(Check.DOCSTRING_MISMATCH, Severity.WARNING, "a1", file, line, message, null, List.of("a1"));
    }

    @Test
    void aFindingKeepsItsFingerprintWhenItsLineAndMessageMove() {
        // Given a finding, and the same finding after three lines were inserted above it
        Finding before = docstring("versions/a1_x.py", 4, "line 4: Revision ID: b2 but revision = 'a1'");
        Finding after = docstring("versions/a1_x.py", 7, "line 7: Revision ID: b2 but revision = 'a1'");

        // Then both have one fingerprint, and another chain, file or check gives another
        assertThat(Fingerprint.of("migrations", after))
                .isEqualTo(Fingerprint.of("migrations", before))
                .hasSize(32);
        assertThat(Fingerprint.of("other", before)).isNotEqualTo(Fingerprint.of("migrations", before));
        assertThat(Fingerprint.of("migrations", docstring("versions/b2_y.py", 4, "m")))
                .isNotEqualTo(Fingerprint.of("migrations", before));
        assertThat(Fingerprint.of(
                        "migrations",
                        new Finding(
                                Check.UNUSED_SUPPRESSION,
                                Severity.WARNING,
                                "a1",
                                "versions/a1_x.py",
                                4,
                                "m",
                                null,
                                List.of("a1"))))
                .isNotEqualTo(Fingerprint.of("migrations", before));
    }

    @Test
    void theRevisionsOfAFindingAreComparedAsASet() {
        Finding ab = new Finding(Check.MULTIPLE_HEADS, Severity.WARNING, null, null, 0, "m", null, List.of("a", "b"));
        Finding ba = new Finding(Check.MULTIPLE_HEADS, Severity.WARNING, null, null, 0, "n", null, List.of("b", "a"));
        Finding abc =
                new Finding(Check.MULTIPLE_HEADS, Severity.WARNING, null, null, 0, "m", null, List.of("a", "b", "c"));
        assertThat(Fingerprint.of("c", ab)).isEqualTo(Fingerprint.of("c", ba)).isNotEqualTo(Fingerprint.of("c", abc));
    }

    @Test
    void aWrittenBaselineReadsBackAndMatchesEachFindingOnce() throws Exception {
        // Given a baseline of two findings that share a fingerprint, and a third
        Finding one = docstring("v/a.py", 3, "first");
        Finding two = docstring("v/a.py", 9, "second");
        Finding other = docstring("v/b.py", 3, "other");
        Baseline written = Baseline.of(List.of(
                new Baseline.Located("m", one), new Baseline.Located("m", two), new Baseline.Located("m", other)));

        // When it is written and read back
        Baseline read = Baseline.parse("b.json", written.toJson());

        // Then it holds the same entries, and matches each of them once
        assertThat(read.entries()).isEqualTo(written.entries()).hasSize(3);
        Baseline.Matcher m = read.matcher();
        assertThat(m.known("m", docstring("v/a.py", 30, "moved"))).isTrue();
        assertThat(m.known("m", docstring("v/a.py", 31, "moved"))).isTrue();
        assertThat(m.known("m", docstring("v/a.py", 32, "a third one is new"))).isFalse();
        assertThat(m.known("m", docstring("v/c.py", 3, "new file"))).isFalse();
        assertThat(m.matched()).isEqualTo(2);
        assertThat(m.unmatched()).as("v/b.py's entry was fixed").isEqualTo(1);
    }

    @Test
    void theFileIsStableSortedJson() {
        Baseline b = Baseline.of(List.of(
                new Baseline.Located("m", docstring("v/b.py", 1, "b")),
                new Baseline.Located("m", docstring("v/a.py", 1, "a"))));
        String json = b.toJson();
        assertThat(json)
                .startsWith("{\n  \"schema\" : 1,\n  \"tool\" : \"revchain\",")
                .endsWith("}\n");
        assertThat(json.indexOf("v/a.py")).isLessThan(json.indexOf("v/b.py"));
        assertThat(Baseline.of(List.of(
                                new Baseline.Located("m", docstring("v/a.py", 1, "a")),
                                new Baseline.Located("m", docstring("v/b.py", 1, "b"))))
                        .toJson())
                .isEqualTo(json);
    }

    @Test
    void aMalformedBaselineIsRefusedWithItsFileAndLine() {
        assertThatThrownBy(() ->
                        Baseline.parse("base.json", "{\n  \"schema\": 1,\n  \"findings\": [\n    {\"fingerprint\": \n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("base.json:")
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() ->
                        Baseline.parse("base.json", "{\"schema\": 1,\n\"findings\": [\n{\"fingerprint\": \"xyz\"}]}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("base.json:3:1: a finding without a valid 'fingerprint'");
        assertThatThrownBy(() -> Baseline.parse("base.json", "{\"schema\": 2, \"findings\": []}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("base.json:1:")
                .hasMessageContaining("unsupported baseline schema");
        assertThatThrownBy(() -> Baseline.parse("base.json", "[]"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("not a revchain baseline");
        assertThatThrownBy(() -> Baseline.parse("base.json", "{\"tool\": \"x\"}"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("base.json:1:1: not a revchain baseline (needs 'schema' and 'findings'; write one with "
                        + "'revchain baseline')");
    }
}
