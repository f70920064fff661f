package io.revchain.core.config;

/**
 * A configuration file that revchain refuses, with a one-line message {@code file:line:column: what is wrong
 * (what was expected)}. Line and column are 1-based; both 0 when the problem is not at a place in the file (it
 * cannot be read at all), and the message is then {@code file: what is wrong}.
 */
public final class ConfigException extends Exception {
    private final String file;
    private final int line;
    private final int column;
    private final String problem;

    public ConfigException(String file, int line, int column, String problem) {
        super(line > 0 ? file + ":" + line + ":" + column + ": " + problem : file + ": " + problem, null, false, false);
        this.file = file;
        this.line = line;
        this.column = column;
        this.problem = problem;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** The message without the location prefix. */
    public String problem() {
        return problem;
    }
}
