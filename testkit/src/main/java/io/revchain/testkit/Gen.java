package io.revchain.testkit;

import io.revchain.core.model.Docstring;
import io.revchain.core.model.Field;
import io.revchain.core.model.Finding;
import io.revchain.core.model.MigrationScript;
import io.revchain.core.model.Severity;
import java.util.List;

/** Builds parsed migration scripts as the static parser reports them, for tests. */
public final class Gen {
    private Gen() {}

    public static Field literal(String name, List<String> values, int line) {
        String src = values.isEmpty()
                ? "None"
                : values.size() == 1
                        ? "'" + values.get(0) + "'"
                        : "("
                                + String.join(
                                        ", ",
                                        values.stream().map(v -> "'" + v + "'").toList()) + ")";
        return values.isEmpty()
                ? Field.none(name, line, 0, src.length(), src)
                : Field.literal(name, values, line, 0, src.length(), src);
    }

    /** A well-formed migration {@code versions/<file>} with a docstring that agrees with its variables. */
    public static MigrationScript script(String file, String id, List<String> down, String message, boolean marker) {
        return script(file, id, down, List.of(), List.of(), message, String.join(", ", down), marker, false);
    }

    public static MigrationScript script(
            String file,
            String id,
            List<String> down,
            List<String> labels,
            List<String> deps,
            String message,
            String revises,
            boolean marker,
            boolean unparseable) {
        Docstring d = new Docstring(message, id, 3, revises, 4, "2024-01-01 00:00:00", 5, 1, 0, 10);
        Field labelField = labels.isEmpty() ? Field.absent("branch_labels") : literal("branch_labels", labels, 12);
        Field depField = deps.isEmpty() ? Field.absent("depends_on") : literal("depends_on", deps, 13);
        List<Finding> problems = unparseable
                ? List.of(new Finding(
                        "unparseable-file",
                        Severity.ERROR,
                        null,
                        "versions/" + file,
                        7,
                        "versions/" + file + ": invalid syntax",
                        "SyntaxError on every command",
                        List.of()))
                : List.of();
        return new MigrationScript(
                "versions/" + file,
                literal("revision", List.of(id), 10),
                literal("down_revision", down, 11),
                labelField,
                depField,
                d,
                marker,
                problems);
    }
}
