package io.revchain.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FileNamingTest {

    @Test
    void numberedSchemesAreSequences() {
        assertThat(FileNaming.DEFAULT.sequencePrefix("db/versions/004_add_users.py"))
                .isEqualTo("004");
        assertThat(FileNaming.DEFAULT.sequencePrefix("0042_x.py")).isEqualTo("0042");
        assertThat(new FileNaming("%%(rev)s_%%(slug)s").sequencePrefix("001_init.py"))
                .isEqualTo("001");
        assertThat(FileNaming.DEFAULT.sequencePrefix("ae1027a6acf_init.py")).isNull();
    }

    @Test
    void dateTemplatesNeverAre() {
        FileNaming t = new FileNaming("%%(year)d%%(month).2d%%(day).2d_%%(hour).2d%%(minute).2d_%%(rev)s_%%(slug)s");
        assertThat(t.dateStamped()).isTrue();
        assertThat(t.sequencePrefix("20240131_1200_ae1027a6acf_x.py")).isNull();
        assertThat(new FileNaming("%(epoch)s_%(rev)s").sequencePrefix("1700000000_ab_x.py"))
                .isNull();
    }

    @Test
    void dateShapedNumbersAreNotSequencesEvenWithoutATemplate() {
        assertThat(FileNaming.DEFAULT.sequencePrefix("20240131_x.py")).isNull();
        assertThat(FileNaming.DEFAULT.sequencePrefix("202401311200_x.py")).isNull();
        assertThat(FileNaming.DEFAULT.sequencePrefix("20240131120000_x.py")).isNull();
        assertThat(FileNaming.DEFAULT.sequencePrefix("2024_01_31_1200-ab_x.py")).isNull();
        assertThat(FileNaming.DEFAULT.sequencePrefix("1700000000_x.py")).isNull();
        // but not every long number: month 13 is no date
        assertThat(FileNaming.DEFAULT.sequencePrefix("20241331_x.py")).isEqualTo("20241331");
        assertThat(FileNaming.DEFAULT.sequencePrefix("2024_x.py")).isEqualTo("2024");
    }

    @Test
    void theIdIsLookedForWhereTheTemplatePutsIt() {
        // Alembic's default %(rev)s_%(slug)s: up to the first '_'
        assertThat(FileNaming.DEFAULT.revisionSeparator()).isEqualTo("_");
        assertThat(FileNaming.DEFAULT.revisionInName("versions/1975ea83b712_add_users.py"))
                .isEqualTo("1975ea83b712");
        assertThat(FileNaming.DEFAULT.revisionInName("1975ea83b712.py")).isEqualTo("1975ea83b712");
        // %(rev)s alone: the whole name; %(rev)s-%(slug)s: up to the '-'
        assertThat(new FileNaming("%%(rev)s").revisionInName("a/1975ea83b712.py"))
                .isEqualTo("1975ea83b712");
        assertThat(new FileNaming("%(rev)s-%(slug)s").revisionInName("1975ea83b712-x_y.py"))
                .isEqualTo("1975ea83b712");
        // a date or a slug first: the name does not open with the id
        assertThat(new FileNaming("%%(year)d_%%(rev)s_%%(slug)s").revisionInName("2024_1975ea83b712_x.py"))
                .isNull();
        assertThat(new FileNaming("%%(slug)s_%%(rev)s").revisionSeparator()).isNull();
    }
}
