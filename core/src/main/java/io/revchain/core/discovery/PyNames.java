package io.revchain.core.discovery;

import io.revchain.core.tree.PyOrder;
import java.util.Comparator;
import java.util.regex.Pattern;

/** Alembic 1.8.1's file-name rules and Python's {@code str} ordering. Pure. */
final class PyNames {
    private PyNames() {}

    /** {@code _only_source_rev_file}; UNIX_LINES gives Python's meaning of {@code .} and {@code $}. */
    static final Pattern SOURCE = Pattern.compile("(?!\\.#|__init__)(.*\\.py)$", Pattern.UNIX_LINES);
    /** {@code _sourceless_rev_file}, used when {@code sourceless = true}. */
    static final Pattern SOURCELESS = Pattern.compile("(?!\\.#|__init__)(.*\\.py)(c|o)?$", Pattern.UNIX_LINES);

    /** {@code re.match(_only_source_rev_file, name)}: a {@code .py} name not starting with {@code .#}/{@code __init__}. */
    static boolean isSource(String name) {
        return SOURCE.matcher(name).lookingAt();
    }

    /** Python's {@code str} ordering. */
    static final Comparator<String> PYTHON_ORDER = PyOrder.PYTHON_ORDER;

    static int compare(String a, String b) {
        return PyOrder.compare(a, b);
    }
}
