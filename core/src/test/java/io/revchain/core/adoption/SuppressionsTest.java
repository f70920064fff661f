package io.revchain.core.adoption;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.core.model.Check;
import io.revchain.core.model.Finding;
import io.revchain.core.model.Severity;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SuppressionsTest {

    static final String FILE = "v/a1_x.py";

    static Finding docstring(int line) {
        return new Finding(Check.DOCSTRING_MISMATCH, Severity.WARNING, "a1", FILE, line, "m", null, List.of("a1"));
    }

    static List<Suppressions.Directive> scan(String text) {
        return Suppressions.scan(FILE, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void directivesAreReadFromCommentsOnlyWithTheirReasonAndPlace() {
        List<Suppressions.Directive> ds = scan("# revchain: ignore[docstring-mismatch, duplicate-prefix] -- legacy\n"
                + "\"\"\"Doc\n# revchain: ignore[cycle] -- inside a docstring: not a comment\n\"\"\"\n"
                + "revision = 'a1'  # revchain: ignore[invalid-revision-id]\n"
                + "x = '# revchain: ignore[self-loop]'\n");
        assertThat(ds)
                .containsExactly(
                        new Suppressions.Directive(
                                FILE, 1, true, List.of("docstring-mismatch", "duplicate-prefix"), "legacy", null),
                        new Suppressions.Directive(FILE, 5, false, List.of("invalid-revision-id"), null, null));
    }

    @Test
    void aFileWithoutTheWordIsNotTokenized() {
        assertThat(scan("revision = 'a1'\n# nothing here\n")).isEmpty();
    }

    @Test
    void anOwnLineDirectiveAfterTheFirstLinesCoversOnlyItsLine() {
        List<Suppressions.Directive> ds = scan("\n\n\n\n\n# revchain: ignore[docstring-mismatch]\n");
        assertThat(ds).singleElement().satisfies(d -> {
            assertThat(d.line()).isEqualTo(6);
            assertThat(d.fileWide()).isFalse();
        });
    }

    @Test
    void aFileWideDirectiveSuppressesAndKeepsItsReason() {
        List<Suppressions.Directive> ds = scan("# revchain: ignore[docstring-mismatch] -- written by hand in 2019\n");
        Suppressions.Outcome o = Suppressions.apply(List.of(docstring(12)), Map.of(FILE, ds), c -> true);
        assertThat(o.active()).isEmpty();
        assertThat(o.suppressed())
                .containsExactly(new Suppressions.Suppressed(docstring(12), "written by hand in 2019", 1));
    }

    @Test
    void aLineDirectiveSuppressesOnlyTheFindingOnItsLine() {
        List<Suppressions.Directive> ds =
                scan("\n\n\n\n\n\nrevision = 'a1'  # revchain: ignore[docstring-mismatch] -- known\n");
        Suppressions.Outcome o = Suppressions.apply(List.of(docstring(7), docstring(2)), Map.of(FILE, ds), c -> true);
        assertThat(o.suppressed()).extracting(s -> s.finding().line()).containsExactly(7);
        assertThat(o.active()).containsExactly(docstring(2));
    }

    @Test
    void directivesThatSuppressNothingAreReportedUnlessThePolicyDoesNotRunTheCheck() {
        List<Suppressions.Directive> ds = scan("# revchain: ignore[docstring-mismatch, cycle, no-such-check]\n"
                + "\n\n\n\n"
                + "x = 1  # revchain: ignore[self-loop]\n"
                + "y = 2  # revchain: ignore docstring-mismatch\n");
        Suppressions.Outcome o =
                Suppressions.apply(List.of(docstring(3)), Map.of(FILE, ds), c -> !c.equals("self-loop"));
        assertThat(o.suppressed()).hasSize(1);
        assertThat(o.active()).allSatisfy(f -> {
            assertThat(f.check()).isEqualTo("unused-suppression");
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.file()).isEqualTo(FILE);
        });
        assertThat(o.active())
                .extracting(Finding::line, Finding::message)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                1,
                                "'# revchain: ignore[docstring-mismatch, cycle, no-such-check]' names unknown check(s) "
                                        + "no-such-check (see 'revchain checks'); remove it or correct it"),
                        org.assertj.core.groups.Tuple.tuple(
                                7,
                                "this '# revchain:' comment cannot be read: expected '# revchain: ignore[CHECK, ...] -- "
                                        + "reason'; remove it or correct it"));
    }

    @Test
    void anIdleKnownCheckIsNamed() {
        List<Suppressions.Directive> ds = scan("x = 1\ny = 2  # revchain: ignore[cycle] -- old\n");
        Suppressions.Outcome o = Suppressions.apply(List.of(), Map.of(FILE, ds), c -> true);
        assertThat(o.active())
                .singleElement()
                .satisfies(f -> assertThat(f.message())
                        .isEqualTo("'# revchain: ignore[cycle]' suppresses no cycle finding on line 2; remove it or "
                                + "correct it"));
    }

    @Test
    void aFileOfManyDirectivesIsReadInLinearTime() {
        // Given a hostile file of 200,000 directive lines (each line counted once, not once per comment)
        String text = "x = 1  # revchain: ignore[cycle]\n".repeat(200_000);

        // Then every directive is read, on its line, well within the time of one pass
        List<Suppressions.Directive> ds = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                java.time.Duration.ofSeconds(20), () -> scan(text));
        assertThat(ds).hasSize(200_000);
        assertThat(ds.get(199_999).line()).isEqualTo(200_000);
    }

    @Test
    void aFilePythonCannotTokenizeStillHasItsOwnLineDirectives() {
        List<Suppressions.Directive> ds = scan("# revchain: ignore[unparseable-file] -- generated\nx = (\n");
        assertThat(ds).singleElement().satisfies(d -> assertThat(d.fileWide()).isTrue());
    }
}
