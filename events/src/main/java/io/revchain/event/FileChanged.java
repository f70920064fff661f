package io.revchain.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.revchain.core.adoption.Suppressions;
import io.revchain.core.model.MigrationScript;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One migration file added, modified, deleted or renamed in a commit, with what the static parser read from it.
 *
 * @param schema      wire-format version ({@link EventSchema#CURRENT})
 * @param repo        repository id (the record key)
 * @param branch      the branch scanned
 * @param commit      the commit id (40 hex digits)
 * @param path        the file's path in the repository after the change ('/' separators)
 * @param change      how it changed
 * @param oldPath     the path before a {@link ChangeKind#RENAMED rename}, else {@code null}
 * @param blob        git blob id of the new content; {@code null} for {@link ChangeKind#DELETED}
 * @param script      the parsed file (parse problems are findings inside it); {@code null} only for
 *                    {@link ChangeKind#DELETED}
 * @param committedAt the commit's committer time
 * @param publishedAt when the ingest service published the event (start of the end-to-end latency)
 * @param chain       the migration chain that loads the file (the first one, when several chains' folders hold
 *                    it): an ini section such as {@code core}, or {@code alembic/postgresql} for a sub-folder that
 *                    is a chain of its own. {@code null} means {@value #DEFAULT_CHAIN}, the plain layout, and is
 *                    what events written before chains existed read as; {@value #DEFAULT_CHAIN} itself is stored
 *                    as {@code null}, so both spellings are one event and it is never written
 * @param body        the fingerprint of the file's {@code upgrade()}/{@code downgrade()} bodies
 *                    ({@code core.parse.MigrationBodies}), or {@code null} when unknown (a deleted file, a file
 *                    Python cannot tokenize, an event written before fingerprints existed): what the analyzer
 *                    compares with the body an environment applied
 * @param suppressions the file's {@code # revchain: ignore[...]} comments ({@link Suppressions#scan}), so a report
 *                    suppresses what {@code revchain check} suppresses; {@code null} when it has none (never an
 *                    empty list, so an event without comments is written as it was before they were carried)
 */
public record FileChanged(
        int schema,
        String repo,
        String branch,
        String commit,
        String path,
        ChangeKind change,
        String oldPath,
        String blob,
        MigrationScript script,
        Instant committedAt,
        Instant publishedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) String chain,
        @JsonInclude(JsonInclude.Include.NON_NULL) String body,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<Suppressions.Directive> suppressions)
        implements MigrationEvent {

    /** The {@code type} property's value for this variant. */
    public static final String TYPE = "file-changed";

    /** The chain a file belongs to when the event names none: Alembic's plain {@code [alembic]} layout. */
    public static final String DEFAULT_CHAIN = "alembic";

    public FileChanged {
        Objects.requireNonNull(repo, "repo");
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(committedAt, "committedAt");
        Objects.requireNonNull(publishedAt, "publishedAt");
        if (change != ChangeKind.DELETED && script == null) {
            throw new IllegalArgumentException("a " + change + " file needs its parsed script: " + path);
        }
        if (change == ChangeKind.RENAMED && oldPath == null) {
            throw new IllegalArgumentException("a renamed file needs its oldPath: " + path);
        }
        if (chain != null && chain.isBlank()) {
            throw new IllegalArgumentException("a chain name must not be blank: " + path);
        }
        // one spelling for the default chain, so an event equals itself read back and old events stay byte-equal
        chain = DEFAULT_CHAIN.equals(chain) ? null : chain;
        suppressions = suppressions == null || suppressions.isEmpty() ? null : List.copyOf(suppressions);
    }

    /** The same event without suppression comments (as ingest wrote it before they were carried). */
    public FileChanged(
            int schema,
            String repo,
            String branch,
            String commit,
            String path,
            ChangeKind change,
            String oldPath,
            String blob,
            MigrationScript script,
            Instant committedAt,
            Instant publishedAt,
            String chain,
            String body) {
        this(
                schema,
                repo,
                branch,
                commit,
                path,
                change,
                oldPath,
                blob,
                script,
                committedAt,
                publishedAt,
                chain,
                body,
                null);
    }

    /** The same event without a body fingerprint (as ingest wrote it before fingerprints existed). */
    public FileChanged(
            int schema,
            String repo,
            String branch,
            String commit,
            String path,
            ChangeKind change,
            String oldPath,
            String blob,
            MigrationScript script,
            Instant committedAt,
            Instant publishedAt,
            String chain) {
        this(schema, repo, branch, commit, path, change, oldPath, blob, script, committedAt, publishedAt, chain, null);
    }

    /** The same event at the current schema version, in the default chain. */
    public FileChanged(
            String repo,
            String branch,
            String commit,
            String path,
            ChangeKind change,
            String oldPath,
            String blob,
            MigrationScript script,
            Instant committedAt,
            Instant publishedAt) {
        this(
                EventSchema.CURRENT,
                repo,
                branch,
                commit,
                path,
                change,
                oldPath,
                blob,
                script,
                committedAt,
                publishedAt,
                null);
    }

    /** The same event at the current schema version, in {@code chain} ({@code null}: the default chain). */
    public FileChanged(
            String repo,
            String branch,
            String commit,
            String path,
            ChangeKind change,
            String oldPath,
            String blob,
            MigrationScript script,
            Instant committedAt,
            Instant publishedAt,
            String chain) {
        this(
                EventSchema.CURRENT,
                repo,
                branch,
                commit,
                path,
                change,
                oldPath,
                blob,
                script,
                committedAt,
                publishedAt,
                chain);
    }

    /** The same event carrying {@code script} instead of its own parsed file. */
    public FileChanged withScript(MigrationScript script) {
        return new FileChanged(
                schema,
                repo,
                branch,
                commit,
                path,
                change,
                oldPath,
                blob,
                script,
                committedAt,
                publishedAt,
                chain,
                body,
                suppressions);
    }

    /** The same event carrying {@code body}, its file's {@code upgrade()}/{@code downgrade()} fingerprint. */
    public FileChanged withBody(String body) {
        return new FileChanged(
                schema,
                repo,
                branch,
                commit,
                path,
                change,
                oldPath,
                blob,
                script,
                committedAt,
                publishedAt,
                chain,
                body,
                suppressions);
    }

    /** The same event carrying {@code directives}, its file's suppression comments ({@code null} or empty: none). */
    public FileChanged withSuppressions(List<Suppressions.Directive> directives) {
        return new FileChanged(
                schema,
                repo,
                branch,
                commit,
                path,
                change,
                oldPath,
                blob,
                script,
                committedAt,
                publishedAt,
                chain,
                body,
                directives);
    }

    /** The chain's name, {@value #DEFAULT_CHAIN} when the event names none. */
    public String chainName() {
        return chain == null ? DEFAULT_CHAIN : chain;
    }
}
