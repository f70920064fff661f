package io.revchain.core.alembic;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a PEP 508 requirement that decide a pin: the normalised name and the version specifier
 * ({@code "alembic[tz] (>=1.10,<2) ; python_version >= '3.9'"} is {@code alembic} with {@code >=1.10,<2}).
 * Environment markers are dropped: a pin counts whatever interpreter the marker selects. A direct reference
 * ({@code alembic @ https://...}) has no specifier and is {@link #direct()}.
 */
record Requirement(String name, String specifier, boolean direct) {

    private static final Pattern PEP508 = Pattern.compile(
            "\\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\\s*(?:\\[[^\\]]*\\])?\\s*(.*)", Pattern.DOTALL);

    private static final Pattern MARKER_START = Pattern.compile("\\s*[A-Za-z_('\"]");

    /** Parses a requirement; empty when the text does not start with a project name. */
    static Optional<Requirement> parse(String text) {
        Matcher m = PEP508.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        String rest = m.group(2).strip();
        if (rest.startsWith("@")) {
            return Optional.of(new Requirement(PyProject.normalize(m.group(1)), "", true));
        }
        int marker = rest.indexOf(';');
        if (marker >= 0) {
            // A marker starts with a variable, a quoted string or a parenthesis; "alembic>=1.10;<2" is no requirement.
            if (!MARKER_START.matcher(rest.substring(marker + 1)).lookingAt()) {
                return Optional.empty();
            }
            rest = rest.substring(0, marker).strip();
        }
        if (rest.startsWith("(") && rest.endsWith(")")) {
            rest = rest.substring(1, rest.length() - 1).strip();
        }
        // What is left must be a specifier set (or nothing): "alembic foo" is not a requirement.
        if (!rest.isEmpty() && "=!<>~".indexOf(rest.charAt(0)) < 0) {
            return Optional.empty();
        }
        return Optional.of(new Requirement(PyProject.normalize(m.group(1)), rest, false));
    }
}
