package io.revchain.ingest.plan;

import io.revchain.core.model.Check;
import io.revchain.core.model.Docstring;
import io.revchain.core.model.Field;
import io.revchain.core.model.Finding;
import io.revchain.core.model.MigrationScript;
import io.revchain.core.model.Severity;
import io.revchain.event.CommitScanned;
import io.revchain.event.FileChanged;
import io.revchain.event.IngestState;
import io.revchain.event.RepoUnavailable;
import io.revchain.git.layout.FileDelta;
import io.revchain.git.layout.Layout;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.List;

/**
 * Builds the events of one branch scan. The caller passes {@code now} at send time, since {@code publishedAt}
 * starts the end-to-end latency. Pure.
 *
 * @param repo   repository id
 * @param branch branch
 */
public record EventBuilder(String repo, String branch) {

    /** A file's event, in the chain of {@code layout} that loads it (the first, when several do). */
    public FileChanged fileChanged(
            String commit, Instant committedAt, FileDelta d, MigrationScript script, Layout layout, Instant now) {
        return new FileChanged(
                repo,
                branch,
                commit,
                d.path(),
                d.change(),
                d.oldPath(),
                d.blob(),
                script,
                committedAt,
                now,
                layout.chainOf(d.path()));
    }

    /** A commit's marker, naming the chains of {@code layout} and the rules each is graded by. */
    /**
     * The event to publish instead of {@code e} when its serialized form ({@code bytes}) is over {@code limit}: the
     * same change, its script replaced by an {@code unparseable-file} error saying so, so the commit's report is
     * unhealthy and names the file instead of the file silently missing from it.
     */
    public static FileChanged oversize(FileChanged e, long bytes, long limit) {
        String message = e.path() + " is too large for the pipeline to carry: its parsed event is " + bytes
                + " bytes, over the " + limit + " byte record limit; it was not analysed";
        Finding f = new Finding(Check.UNPARSEABLE_FILE, Severity.ERROR, null, e.path(), 0, message, null, List.of());
        MigrationScript s = new MigrationScript(
                e.path(),
                Field.absent("revision"),
                Field.absent("down_revision"),
                Field.absent("branch_labels"),
                Field.absent("depends_on"),
                Docstring.NONE,
                false,
                List.of(f));
        return e.withScript(s);
    }

    public CommitScanned marker(
            String commit, int files, boolean fullScan, Layout layout, Instant scannedAt, Instant now) {
        return new CommitScanned(repo, branch, commit, files, fullScan, scannedAt, now).withChains(layout.specs());
    }

    public IngestState state(String commit, Instant now) {
        return new IngestState(repo, branch, commit, now);
    }

    /** A failure to reach the repository; user information in the url (a password) is never published. */
    public static RepoUnavailable unavailable(String repo, String url, String reason, int attempt, Instant now) {
        return new RepoUnavailable(repo, redact(url), reason, attempt, now);
    }

    /** The url without its user-info part ({@code https://user:secret@host/x} → {@code https://host/x}). */
    public static String redact(String url) {
        try {
            URI u = URI.create(url);
            if (u.getRawUserInfo() != null && u.getHost() != null) {
                return new URI(
                                u.getScheme(),
                                null,
                                u.getHost(),
                                u.getPort(),
                                u.getPath(),
                                u.getQuery(),
                                u.getFragment())
                        .toString();
            }
        } catch (IllegalArgumentException | URISyntaxException e) {
            // not a URI (a local path, or scp-like git@host:x): nothing to strip below
        }
        int at = url.indexOf('@');
        int scheme = url.indexOf("://");
        if (scheme >= 0 && at > scheme) {
            return url.substring(0, scheme + 3) + url.substring(at + 1);
        }
        return url;
    }
}
