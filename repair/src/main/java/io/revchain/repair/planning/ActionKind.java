package io.revchain.repair.planning;

import com.fasterxml.jackson.annotation.JsonValue;

/** What one repair step does; {@link #label()} is the stable kebab-case name used in JSON and proposals. */
public enum ActionKind {
    CREATE_PLACEHOLDER("create-placeholder"),
    SET_DOWN_REVISION("set-down-revision"),
    ADD_MERGE_REVISION("add-merge-revision"),
    RENAME_FILE("rename-file"),
    REWRITE_DOCSTRING("rewrite-docstring"),
    DROP_BRANCH_LABEL("drop-branch-label"),
    ADD_MARKER("add-marker"),
    NEW_REVISION_ID("new-revision-id");

    private final String label;

    ActionKind(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }
}
