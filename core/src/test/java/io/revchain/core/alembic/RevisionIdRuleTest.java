package io.revchain.core.alembic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RevisionIdRuleTest {
    private static final AlembicRelease BEFORE = AlembicRelease.parse("1.17.0");
    private static final AlembicRelease FROM = AlembicRelease.parse("1.17.1");

    @Test
    void atPlusAndMinusAreAlwaysForbiddenAndTheColonFrom1171() {
        assertThat(RevisionIdRule.illegalCharacters("a@b+c-d@", BEFORE)).containsExactly("+", "-", "@");
        assertThat(RevisionIdRule.illegalCharacters("a:b", BEFORE)).isEmpty();
        assertThat(RevisionIdRule.illegalCharacters("a:b-c", FROM)).containsExactly("-", ":");
        assertThat(RevisionIdRule.isLegal("ae1027a6acf", AlembicRelease.ORACLE)).isTrue();
        assertThat(RevisionIdRule.isLegal("a:b", BEFORE)).isTrue();
        assertThat(RevisionIdRule.isLegal("a:b", FROM)).isFalse();
        assertThat(RevisionIdRule.isLegal("a+b", BEFORE)).isFalse();
        assertThat(RevisionIdRule.forbiddenList(BEFORE)).isEqualTo("@ - +");
        assertThat(RevisionIdRule.forbiddenList(FROM)).isEqualTo("@ - + :");
    }

    @Test
    void isLegalAgreesWithIllegalCharactersOnEveryPrintableCharacter() {
        for (AlembicRelease r : new AlembicRelease[] {BEFORE, FROM}) {
            for (char c = 0x20; c < 0x7f; c++) {
                String id = "ab" + c + "cd";
                assertThat(RevisionIdRule.isLegal(id, r))
                        .as("%s under %s", id, r)
                        .isEqualTo(RevisionIdRule.illegalCharacters(id, r).isEmpty());
            }
        }
    }
}
