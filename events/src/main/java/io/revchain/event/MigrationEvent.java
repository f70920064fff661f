package io.revchain.event;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What the ingest service publishes on {@code revchain.migration-events}, keyed by repository id so that all the
 * events of one repository land in one partition, in order.
 *
 * <p>The JSON carries a {@code type} property naming the variant: {@code file-changed}, {@code commit-scanned}
 * or {@code repo-unavailable}. The analyzer applies {@link FileChanged} events to its per-repository state and
 * reports only at a {@link CommitScanned} marker, so a half-applied commit is never reported.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = FileChanged.class, name = FileChanged.TYPE),
    @JsonSubTypes.Type(value = CommitScanned.class, name = CommitScanned.TYPE),
    @JsonSubTypes.Type(value = RepoUnavailable.class, name = RepoUnavailable.TYPE)
})
public sealed interface MigrationEvent permits FileChanged, CommitScanned, RepoUnavailable {

    /** The wire-format version (see {@link EventSchema}). */
    int schema();

    /** The repository id, also the record key. */
    String repo();
}
