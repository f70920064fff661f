package io.revchain.core.model;

import java.util.List;

/**
 * What the static parser learnt from one migration file, without executing it.
 *
 * @param path         path relative to the analysed root, '/' separators
 * @param revision     {@code revision = ...}
 * @param downRevision {@code down_revision = ...}
 * @param branchLabels {@code branch_labels = ...}
 * @param dependsOn    {@code depends_on = ...}
 * @param docstring    the module docstring, or {@link Docstring#NONE}
 * @param hasMarker    the file contains the configured marker string (the constitutional hash)
 * @param problems     file-level findings of the parser ({@code unparseable-file}, {@code non-literal-value}, ...)
 */
public record MigrationScript(
        String path,
        Field revision,
        Field downRevision,
        Field branchLabels,
        Field dependsOn,
        Docstring docstring,
        boolean hasMarker,
        List<Finding> problems) {

    public MigrationScript {
        problems = problems == null ? List.of() : List.copyOf(problems);
        docstring = docstring == null ? Docstring.NONE : docstring;
    }

    /** The revision id when it is a usable literal, else {@code null}. */
    public String revisionId() {
        return revision.isLiteral() ? revision.single() : null;
    }

    /** Parent ids ({@code down_revision}) when literal; empty for a base or when unknown. */
    public List<String> downRevisions() {
        return downRevision.isLiteral() ? downRevision.values() : List.of();
    }

    public List<String> branchLabelValues() {
        return branchLabels.isLiteral() ? branchLabels.values() : List.of();
    }

    public List<String> dependsOnValues() {
        return dependsOn.isLiteral() ? dependsOn.values() : List.of();
    }

    /** The file name without folders. */
    public String fileName() {
        int i = path.lastIndexOf('/');
        return i < 0 ? path : path.substring(i + 1);
    }
}
