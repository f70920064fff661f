package io.revchain.event;

/** How a migration file changed in a commit (git's diff status, copies reported as {@link #ADDED}). */
public enum ChangeKind {
    ADDED,
    MODIFIED,
    DELETED,
    RENAMED
}
