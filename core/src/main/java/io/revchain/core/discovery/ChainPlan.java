package io.revchain.core.discovery;

import io.revchain.core.alembic.AlembicRelease;
import io.revchain.core.model.Finding;
import java.util.List;
import java.util.Objects;

/**
 * One migration chain as {@link ChainResolver} resolved it from the repository's configuration: where its files are,
 * which Alembic release's rules apply, and how each was decided. Paths are repository-relative ('/' separators,
 * {@code ""} = the root).
 *
 * @param name             the chain's name: the ini section ({@code alembic -n NAME}), the {@code .revchain.yaml}
 *                         chain, or {@code SECTION/SUBFOLDER} for a sub-folder found to be a chain of its own
 * @param section          the ini section read, {@code null} when the chain does not come from an ini section
 * @param ini              the configuration file read ({@code alembic.ini}, {@code pyproject.toml},
 *                         {@code .revchain.yaml}), {@code null} when the chain was found by probing folders
 * @param location         where the chain is configured: the ini's folder, or the versions folder itself
 * @param versionLocations the version locations as resolved (each once, configuration order)
 * @param folders          every folder whose migration files are loaded, in load order: each version location, then
 *                         the sub-folders recursion or inference added
 * @param resolved         false when no version location could be resolved: the chain is skipped, and a finding
 *                         says what to state in {@code .revchain.yaml}
 * @param sourceless       {@code sourceless} is on
 * @param sourcelessLine   its line in the ini, 0 when unknown
 * @param fileTemplate     the {@code file_template} in force, {@code null} when unset (Alembic's default)
 * @param release          the Alembic release whose rules apply
 * @param releaseSource    why that release ("requirements.txt:4 alembic==1.13.2", "--alembic-version", ...)
 * @param notes            how the layout was decided, for the report ("script_location 'app:db' is package app at
 *                         src/app", "42 files in 16 sub-folders link into the top level")
 * @param findings         configuration findings of this chain
 */
public record ChainPlan(
        String name,
        String section,
        String ini,
        String location,
        List<String> versionLocations,
        List<String> folders,
        boolean resolved,
        boolean sourceless,
        int sourcelessLine,
        String fileTemplate,
        AlembicRelease release,
        String releaseSource,
        List<String> notes,
        List<Finding> findings) {
    public ChainPlan {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(release, "release");
        versionLocations = List.copyOf(versionLocations);
        folders = List.copyOf(folders);
        notes = List.copyOf(notes);
        findings = List.copyOf(findings);
    }
}
