package io.revchain.core.alembic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Each rule of docs/ALEMBIC-RELEASES.md at the release before and the release that introduced it. */
class AlembicReleaseTest {

    /** Rule name, last release without the behaviour, first release with it. */
    private static final Map<String, Boundary> RULES = Map.ofEntries(
            Map.entry(
                    "recursiveVersionLocations",
                    new Boundary("1.9.4", "1.10.0", AlembicRelease::recursiveVersionLocations)),
            Map.entry("sortedLoadOrder", new Boundary("1.9.4", "1.10.0", AlembicRelease::sortedLoadOrder)),
            Map.entry(
                    "missingVersionsFolderIsEmpty",
                    new Boundary("1.9.4", "1.10.0", AlembicRelease::missingVersionsFolderIsEmpty)),
            Map.entry(
                    "emptyDownRevisionIsNotBase", new Boundary("1.12.0", "1.12.1", r -> !r.emptyDownRevisionIsBase())),
            Map.entry("newlineSeparator", new Boundary("1.13.2", "1.13.3", AlembicRelease::newlineSeparator)),
            Map.entry(
                    "separatorEntriesStripped",
                    new Boundary("1.13.2", "1.13.3", AlembicRelease::separatorEntriesStripped)),
            Map.entry("pathSeparatorOption", new Boundary("1.15.2", "1.16.0", AlembicRelease::pathSeparatorOption)),
            Map.entry("pyprojectConfig", new Boundary("1.15.2", "1.16.0", AlembicRelease::pyprojectConfig)),
            Map.entry(
                    "missingIniSectionTolerated",
                    new Boundary("1.15.2", "1.16.0", AlembicRelease::missingIniSectionTolerated)),
            Map.entry("tomlBooleans", new Boundary("1.16.3", "1.16.4", AlembicRelease::tomlBooleans)),
            Map.entry("tomlIntegers", new Boundary("1.16.4", "1.16.5", AlembicRelease::tomlIntegers)),
            Map.entry(
                    "colonForbiddenInRevisionId",
                    new Boundary("1.17.0", "1.17.1", AlembicRelease::colonForbiddenInRevisionId)),
            Map.entry(
                    "fileTemplateSubfolders",
                    new Boundary("1.17.2", "1.18.0", AlembicRelease::fileTemplateSubfolders)));

    private record Boundary(String before, String from, Predicate<AlembicRelease> rule) {}

    @Test
    void everyRuleChangesExactlyAtItsRelease() {
        RULES.forEach((name, b) -> {
            assertThat(b.rule().test(AlembicRelease.parse(b.before())))
                    .as(name + " at " + b.before())
                    .isFalse();
            assertThat(b.rule().test(AlembicRelease.parse(b.from())))
                    .as(name + " at " + b.from())
                    .isTrue();
            // A rule never flips back: true for every later known release, false for every earlier one.
            AlembicRelease from = AlembicRelease.parse(b.from());
            for (AlembicRelease r : AlembicRelease.KNOWN) {
                assertThat(b.rule().test(r)).as(name + " at " + r).isEqualTo(r.atLeast(from));
            }
        });
    }

    @Test
    void theOracleHasNoneOfTheNewBehavioursAndCurrentHasThemAll() {
        AlembicRelease o = AlembicRelease.ORACLE;
        assertThat(o).hasToString("1.8.1");
        assertThat(o.emptyDownRevisionIsBase()).isTrue();
        assertThat(o.recursiveVersionLocations()
                        || o.pyprojectConfig()
                        || o.colonForbiddenInRevisionId()
                        || o.fileTemplateSubfolders()
                        || o.newlineSeparator())
                .isFalse();
        AlembicRelease c = AlembicRelease.CURRENT;
        assertThat(c).hasToString("1.19.1");
        assertThat(c.emptyDownRevisionIsBase()).isFalse();
        assertThat(RULES.values().stream().allMatch(b -> b.rule().test(c))).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
        "1.13, 1.13.0",
        "1.13.2, 1.13.2",
        "1.13.2.post1, 1.13.2",
        "1.13.2rc1, 1.13.2",
        "1.13.0b2.dev3, 1.13.0",
        "v1.13.2, 1.13.2",
        "1, 1.0.0",
        "1.13.2.4, 1.13.2",
        "1.13.2+ubuntu1, 1.13.2",
        "' 1.8.1 ', 1.8.1",
    })
    void parsesPep440Versions(String text, String expected) {
        assertThat(AlembicRelease.parse(text)).hasToString(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "alembic", "1.x", "1!2.0", ">=1.10", "1.13.*", "1..2", "99999999999.0"})
    void rejectsWhatIsNotAVersionWithAClearMessage(String text) {
        assertThatThrownBy(() -> AlembicRelease.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not an Alembic version: '" + text + "'");
    }

    @Test
    void ordersByComponentsNotText() {
        assertThat(AlembicRelease.parse("1.10.0")).isGreaterThan(AlembicRelease.parse("1.9.4"));
        assertThat(AlembicRelease.parse("1.13")).isEqualByComparingTo(AlembicRelease.parse("1.13.0"));
        assertThat(AlembicRelease.KNOWN)
                .isSorted()
                .startsWith(AlembicRelease.parse("1.0.0"))
                .endsWith(AlembicRelease.CURRENT)
                .contains(AlembicRelease.ORACLE)
                .hasSize(90);
    }
}
