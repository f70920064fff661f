package io.revchain.core.parse;

/**
 * A reason CPython would refuse to compile the file, with the 1-based line it would report.
 *
 * <p>Thrown by the tokenizer and the decoders only; {@link MigrationParser} turns it into an
 * {@code unparseable-file} finding so it never reaches a caller.
 */
public final class PythonSyntaxError extends Exception {
    private final int line;

    public PythonSyntaxError(int line, String message) {
        super(message, null, false, false);
        this.line = line;
    }

    /** 1-based line CPython would report, 0 when unknown. */
    public int line() {
        return line;
    }
}
