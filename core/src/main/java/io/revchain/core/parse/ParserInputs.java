package io.revchain.core.parse;

import java.nio.charset.StandardCharsets;

/**
 * Decides the shapes of input that would make a careless tokenizer quadratic: the parser's step-count tests and
 * {@code revchain bench --parser} feed the same bytes, so what the test bounds is what the benchmark times.
 */
public final class ParserInputs {
    private ParserInputs() {}

    /** Inputs of about {@code size} bytes in shapes that could make a careless tokenizer quadratic. */
    public static byte[] shaped(String shape, int size) {
        String head = "revision = 'abc'\ndown_revision = None\n";
        StringBuilder b = new StringBuilder(size + 100).append(head);
        switch (shape) {
            case "lines" -> {
                while (b.length() < size) {
                    b.append("op.add_column('t', sa.Column('c', sa.String(10)))  # comment\n");
                }
            }
            case "one-long-line" -> {
                b.append("x = '");
                while (b.length() < size) {
                    b.append("abcdefghij");
                }
                b.append("'\n");
            }
            case "docstring" -> {
                b.insert(0, "\"\"\"Revision ID: abc\nRevises:\n");
                while (b.length() < size) {
                    b.append("words words words\n");
                }
                b.append("\"\"\"\n");
            }
            case "brackets" -> {
                b.append("x = [");
                while (b.length() < size) {
                    b.append("(1, 2), ");
                }
                b.append("]\n");
            }
            case "continuations" -> {
                b.append("x = 1");
                while (b.length() < size) {
                    b.append(" + \\\n 1");
                }
                b.append('\n');
            }
            case "unterminated" -> {
                b.append("x = '''");
                while (b.length() < size) {
                    b.append("never closed\n");
                }
            }
            default -> throw new IllegalArgumentException(shape);
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }
}
