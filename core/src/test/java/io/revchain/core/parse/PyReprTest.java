package io.revchain.core.parse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PyReprTest {

    @Test
    void quotesAndEscapesAsPythonsRepr() {
        // expected values are what CPython 3 prints for repr() of the same str
        assertThat(PyRepr.of("ae1027a6acf")).isEqualTo("'ae1027a6acf'");
        assertThat(PyRepr.of("it's")).isEqualTo("\"it's\"");
        assertThat(PyRepr.of("it's \"x\"")).isEqualTo("'it\\'s \"x\"'");
        assertThat(PyRepr.of("a\\b\nc\rd\te")).isEqualTo("'a\\\\b\\nc\\rd\\te'");
        assertThat(PyRepr.of("\u0000\u001b\u007f\u0085é")).isEqualTo("'\\x00\\x1b\\x7f\\x85é'");
    }

    @Test
    void quotedKeepsTheGivenQuote() {
        assertThat(PyRepr.quoted("a'b", '\'')).isEqualTo("'a\\'b'");
        assertThat(PyRepr.quoted("a'b", '"')).isEqualTo("\"a'b\"");
        assertThat(PyRepr.quoted("a\"b", '"')).isEqualTo("\"a\\\"b\"");
    }
}
