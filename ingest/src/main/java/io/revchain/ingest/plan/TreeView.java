package io.revchain.ingest.plan;

import java.util.List;
import java.util.Optional;

/** What {@link LayoutResolver} needs to know about one commit's tree; paths are repository-relative. */
public interface TreeView {

    /** Every {@code alembic.ini} within {@link io.revchain.core.discovery.TreeRules#MAX_DEPTH}, outside skipped folders. */
    List<String> alembicInis();

    /** Every folder named {@code versions} within the same depth, outside skipped folders. */
    List<String> versionsFolders();

    /** The text of a regular file, empty when it is absent or not a regular file. */
    Optional<String> text(String path);

    /** Whether {@code path} is a regular file. */
    boolean isFile(String path);

    /** Whether {@code path} is a folder ({@code ""} = the root always is). */
    boolean isFolder(String path);

    /** Whether a migration-named file directly in {@code folder} mentions {@code down_revision} near its start. */
    boolean mentionsDownRevision(String folder);
}
