package io.revchain.core.discovery;

import io.revchain.core.alembic.AlembicRelease;
import io.revchain.core.model.Finding;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One migration chain found under a root: where it is configured and which files Alembic would load.
 *
 * @param name             the chain's name ({@link ChainPlan#name()}): {@code alembic} for the plain layout
 * @param location         the folder holding the configuration, or the versions folder itself when there is none;
 *                         relative to the root, '/' separators, {@code "."} for the root
 * @param iniFile          the configuration file, or {@code null}
 * @param versionLocations the version folders scanned (relative to the root, in configuration order, each once);
 *                         locations that are missing, unsafe or unresolvable are not listed (each has a finding)
 * @param files            the migration files, in the order Alembic loads them (location order, then names sorted
 *                         as Python sorts {@code str})
 * @param findings         configuration and file-system problems met while discovering (never file contents)
 * @param plan             how the chain was resolved (notes, release, file template); {@code null} only for sources
 *                         built by hand in tests
 */
public record ChainSource(
        String name,
        String location,
        Path iniFile,
        List<String> versionLocations,
        List<SourceFile> files,
        List<Finding> findings,
        ChainPlan plan) {
    public ChainSource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(location, "location");
        versionLocations = List.copyOf(versionLocations);
        files = List.copyOf(files);
        findings = List.copyOf(findings);
    }

    /** A chain built by hand (tests, single folders): named {@code alembic}, no plan. */
    public ChainSource(
            String location,
            Path iniFile,
            List<String> versionLocations,
            List<SourceFile> files,
            List<Finding> findings) {
        this("alembic", location, iniFile, versionLocations, files, findings, null);
    }

    /** Whether the chain's folders could be resolved at all (an unresolved chain is skipped, with a finding). */
    public boolean resolved() {
        return plan == null || plan.resolved();
    }

    /** How the layout was decided, for the report. */
    public List<String> notes() {
        return plan == null ? List.of() : plan.notes();
    }

    /** The {@code file_template} in force, {@code null} when unset. */
    public String fileTemplate() {
        return plan == null ? null : plan.fileTemplate();
    }

    /** The Alembic release whose rules apply. */
    public AlembicRelease release() {
        return plan == null ? AlembicRelease.ORACLE : plan.release();
    }

    /** The chain's label in reports: its location, and its name unless it is the plain {@code alembic}. */
    public String label() {
        return name.equals("alembic") ? location : location + " [" + name + "]";
    }
}
