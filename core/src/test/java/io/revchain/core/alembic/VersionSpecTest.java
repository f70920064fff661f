package io.revchain.core.alembic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** PEP 440 and Poetry constraints resolved against the known releases, as pip and Poetry would today. */
class VersionSpecTest {

    private static String newest(Optional<VersionSpec> spec) {
        return spec.orElseThrow()
                .newest(AlembicRelease.KNOWN, AlembicRelease.YANKED)
                .map(String::valueOf)
                .orElse("none");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "''|1.19.1",
                ">=1.10,<2|1.19.1",
                ">=1.10, <1.13|1.12.1",
                "<1.13.3|1.13.2",
                "<=1.13|1.13.0",
                "~=1.12|1.19.1",
                "~=1.12.0|1.12.1",
                "==1.13.*|1.13.3",
                "!=1.19.*,<1.20|1.18.5",
                "==1.16.2|1.16.2",
                ">1.14.1,<1.15.2|1.15.1",
                ">=1.15,<1.15.1|1.15.0",
                ">=1.20|1.20.0",
                "<1.0|none",
                "===1.13.2|1.13.2",
            })
    void pep440(String spec, String expected) {
        assertThat(newest(VersionSpec.pep440(spec))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = ';',
            value = {
                "^1.12;1.19.1",
                "^1.12.3;1.19.1",
                "~1.12;1.12.1",
                "~1.12.0;1.12.1",
                "~1;1.19.1",
                "1.13.2;1.13.2",
                "=1.13.2;1.13.2",
                "1.13.*;1.13.3",
                "*;1.19.1",
                ">=1.10 <1.11;1.10.4",
                ">= 1.10, < 1.11;1.10.4",
                "^1.9 || ^2.0;1.19.1",
                "<1.11 || >=3;1.10.4",
                "^0.9;none",
                "^2.0;2.0.0",
            })
    void poetry(String spec, String expected) {
        assertThat(newest(VersionSpec.poetry(spec))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.13", ">=", ">=1.x", "=>1.10", ">=1.10;<2", "~=1.*", ">1.*", "alembic", ">=1.10,,<2"})
    void malformedPep440IsEmpty(String spec) {
        assertThat(VersionSpec.pep440(spec)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"^", "^1.x", "1.10 ||", ">=1.10 junk", "~>1.2"})
    void malformedPoetryIsEmpty(String spec) {
        assertThat(VersionSpec.poetry(spec)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"==1.13.2|1.13.2", "==1.13|1.13.0", ">=1.13.2|none", "==1.13.*|none"})
    void exactOnlyForASingleEquality(String spec, String expected) {
        assertThat(VersionSpec.pep440(spec)
                        .orElseThrow()
                        .exact()
                        .map(String::valueOf)
                        .orElse("none"))
                .isEqualTo(expected);
    }
}
