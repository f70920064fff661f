package io.revchain.analysis;

/**
 * The two file-name rules the analysis applies once per file, without regular expressions: which names Alembic
 * loads as revision files, and a name's numeric prefix ({@code 004_} in {@code 004_add_users.py}).
 */
public final class FileNames {
    private FileNames() {}

    /**
     * Whether Alembic loads a file of this name: {@code (?!\.#|__init__)(.*\.py)} matching the whole name, as a Java
     * pattern reads it ({@code .} stops at every line terminator).
     */
    public static boolean isSourceFile(String name) {
        if (!name.endsWith(".py") || name.startsWith(".#") || name.startsWith("__init__")) {
            return false;
        }
        for (int i = 0; i < name.length() - 3; i++) {
            char c = name.charAt(i);
            if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                return false;
            }
        }
        return true;
    }

    /** The ASCII digits before a '_' that open the file name ({@code ^(\d+)_}), or {@code null}. */
    public static String numericPrefix(String path) {
        int from = path.lastIndexOf('/') + 1;
        int i = from;
        while (i < path.length() && path.charAt(i) >= '0' && path.charAt(i) <= '9') {
            i++;
        }
        return i > from && i < path.length() && path.charAt(i) == '_' ? path.substring(from, i) : null;
    }
}
