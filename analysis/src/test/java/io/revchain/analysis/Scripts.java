package io.revchain.analysis;

import io.revchain.core.model.Docstring;
import io.revchain.core.model.Field;
import io.revchain.core.model.FieldState;
import io.revchain.core.model.Finding;
import io.revchain.core.model.MigrationScript;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds {@link MigrationScript}s as the parser would report them, and the matching Python source, for tests:
 * {@code Scripts.rev("b").down("a").labels("x").doc("add users").build()}.
 */
final class Scripts {
    private String file;
    private Field revision;
    private Field down;
    private Field labels = Field.absent("branch_labels");
    private Field deps = Field.absent("depends_on");
    private String message;
    private String docRevisionId;
    private String docRevises;
    private boolean marker;
    private final List<Finding> problems = new ArrayList<>();

    private Scripts(String id) {
        this.revision = id == null ? Field.absent("revision") : literal("revision", List.of(id), 2);
        this.down = literal("down_revision", List.of(), 3);
        this.file = (id == null ? "unnamed" : id) + "_migration.py";
        this.message = "revision " + id;
        this.docRevisionId = id;
        this.docRevises = "";
    }

    static Scripts rev(String id) {
        return new Scripts(id);
    }

    /** A file that sets no {@code revision} variable. */
    static Scripts noRevision(String file) {
        return new Scripts(null).file(file);
    }

    static Field literal(String name, List<String> values, int line) {
        String src = values.isEmpty()
                ? "None"
                : values.size() == 1
                        ? "'" + values.get(0) + "'"
                        : "("
                                + String.join(
                                        ", ",
                                        values.stream().map(v -> "'" + v + "'").toList()) + ")";
        return new Field(name, FieldState.LITERAL, values, line, 0, src.length(), src, values.isEmpty(), false);
    }

    Scripts file(String f) {
        this.file = f;
        return this;
    }

    Scripts down(String... ids) {
        this.down = literal("down_revision", Arrays.asList(ids), 3);
        this.docRevises = String.join(", ", ids);
        return this;
    }

    Scripts noDown() {
        this.down = Field.absent("down_revision");
        return this;
    }

    Scripts nonLiteralDown(String source) {
        this.down = new Field(
                "down_revision", FieldState.NON_LITERAL, List.of(), 3, 0, source.length(), source, false, false);
        return this;
    }

    Scripts labels(String... l) {
        this.labels = literal("branch_labels", Arrays.asList(l), 4);
        return this;
    }

    Scripts deps(String... d) {
        this.deps = literal("depends_on", Arrays.asList(d), 5);
        return this;
    }

    /** The last field set (by {@link #down}, {@link #labels}, {@link #deps}) came from a constant of {@code origin}. */
    Scripts from(String field, String origin) {
        switch (field) {
            case "down_revision" -> down = withOrigin(down, origin);
            case "branch_labels" -> labels = withOrigin(labels, origin);
            case "depends_on" -> deps = withOrigin(deps, origin);
            default -> revision = withOrigin(revision, origin);
        }
        return this;
    }

    private static Field withOrigin(Field f, String origin) {
        return new Field(
                f.name(),
                f.state(),
                f.values(),
                f.line(),
                f.start(),
                f.end(),
                f.source(),
                f.isNone(),
                f.emptyString(),
                origin);
    }

    Scripts doc(String m) {
        this.message = m;
        return this;
    }

    Scripts docRevises(String r) {
        this.docRevises = r;
        return this;
    }

    Scripts docRevisionId(String r) {
        this.docRevisionId = r;
        return this;
    }

    Scripts marker(boolean m) {
        this.marker = m;
        return this;
    }

    Scripts problem(Finding f) {
        problems.add(f);
        return this;
    }

    MigrationScript build() {
        Docstring d = new Docstring(
                message,
                docRevisionId,
                docRevisionId == null ? 0 : 3,
                docRevises,
                docRevises == null ? 0 : 4,
                "2024-01-01 00:00:00",
                5,
                1,
                0,
                10);
        Field r = revision.isPresent() ? shift(revision, 8) : revision;
        return new MigrationScript(
                "versions/" + file,
                r,
                down.isPresent() ? shift(down, 8) : down,
                labels.isPresent() ? shift(labels, 8) : labels,
                deps.isPresent() ? shift(deps, 8) : deps,
                d,
                marker,
                problems);
    }

    private static Field shift(Field f, int by) {
        return new Field(
                f.name(),
                f.state(),
                f.values(),
                f.line() + by,
                f.start(),
                f.end(),
                f.source(),
                f.isNone(),
                f.emptyString(),
                f.origin());
    }
}
