package io.revchain.core.discovery;

import io.revchain.core.model.Finding;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One migration chain found under a root: where it is configured and which files Alembic 1.8.1 would load.
 *
 * @param location         the folder holding {@code alembic.ini}, or the versions folder itself when there is no
 *                         ini; relative to the root, '/' separators, {@code "."} for the root
 * @param iniFile          the {@code alembic.ini}, or {@code null}
 * @param versionLocations the version folders scanned (relative to the root, in configuration order, each once);
 *                         locations that are missing, unsafe or unresolvable are not listed (each has a finding)
 * @param files            the migration files, in the order Alembic loads them (location order, then names sorted
 *                         as Python sorts {@code str})
 * @param findings         configuration and file-system problems met while discovering (never file contents)
 */
public record ChainSource(String location, Path iniFile, List<String> versionLocations, List<SourceFile> files,
                          List<Finding> findings) {
    public ChainSource {
        Objects.requireNonNull(location, "location");
        versionLocations = List.copyOf(versionLocations);
        files = List.copyOf(files);
        findings = List.copyOf(findings);
    }
}
