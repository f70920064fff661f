package io.revchain.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.analysis.incremental.IncrementalChain;
import io.revchain.core.alembic.AlembicRelease;
import io.revchain.core.model.Check;
import io.revchain.core.model.Finding;
import io.revchain.core.model.MigrationScript;
import io.revchain.core.model.Policy;
import io.revchain.core.model.Severity;
import io.revchain.core.parse.MigrationParser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/**
 * Rules that depend on the Alembic release a chain is held to, in the full analysis and in the incremental one
 * alike: {@code :} in a revision id (refused from 1.17.1) and {@code down_revision = ''} (a base up to 1.12.0, a
 * missing revision from 1.12.1).
 */
class ReleaseRulesTest {

    private static MigrationScript parse(String path, String source) {
        return new MigrationParser(null).parse(path, source.getBytes(StandardCharsets.UTF_8));
    }

    private static final List<MigrationScript> COLON = List.of(
            parse("v/a.py", "revision = 'a'\ndown_revision = None\n"),
            parse("v/b.py", "revision = 'b:1'\ndown_revision = 'a'\n"));

    private static Policy under(String release) {
        return Policy.alembic().forChain(null, AlembicRelease.parse(release));
    }

    private static List<String> errors(List<Finding> findings) {
        return findings.stream()
                .filter(f -> f.severity() == Severity.ERROR)
                .map(Finding::check)
                .toList();
    }

    @Test
    void aColonInARevisionIdIsRefusedFrom1171() {
        assertThat(errors(ChainAnalysis.of(COLON, under("1.17.0")).findings())).isEmpty();
        ChainAnalysis refused = ChainAnalysis.of(COLON, under("1.17.1"));
        assertThat(errors(refused.findings())).containsExactly(Check.INVALID_REVISION_ID.wire());
        assertThat(refused.findings().get(0).message()).contains("(@ - + :)");
        assertThat(refused.outcome().toString()).contains("Character(s) ':' not allowed in revision identifier 'b:1'");
        // 1.8.1, the oracle, knows only @ - +
        assertThat(errors(ChainAnalysis.of(COLON, Policy.alembic()).findings())).isEmpty();
    }

    @Test
    void theIncrementalAnalysisAppliesTheSameRelease() {
        for (String release : List.of("1.8.1", "1.17.0", "1.17.1", "1.19.1")) {
            Policy p = under(release);
            assertThat(IncrementalChain.of(COLON, p).analyze().findings())
                    .as(release)
                    .isEqualTo(ChainAnalysis.of(COLON, p).findings());
        }
    }

    @Test
    void anEmptyParentIsAnErrorFrom1121() {
        List<MigrationScript> empty = List.of(parse("v/a.py", "revision = 'a'\ndown_revision = ''\n"));
        assertThat(ChainAnalysis.of(empty, under("1.12.0")).findings())
                .extracting(Finding::check, Finding::severity)
                .containsExactly(Tuple.tuple(Check.EMPTY_DOWN_REVISION.wire(), Severity.WARNING));
        assertThat(ChainAnalysis.of(empty, under("1.12.1")).findings())
                .extracting(Finding::check, Finding::severity)
                .containsExactly(Tuple.tuple(Check.EMPTY_DOWN_REVISION.wire(), Severity.ERROR));
    }
}
