package io.revchain.core.discovery;

import io.revchain.core.model.Finding;
import io.revchain.core.model.MigrationScript;
import java.util.List;
import java.util.Objects;

/**
 * A chain whose files have been read and parsed.
 *
 * @param source   what discovery found
 * @param scripts  one script per file that could be read, in {@link ChainSource#files()} order
 * @param findings the discovery findings followed by the findings met while reading files (too large,
 *                 unreadable); parser findings stay in each script's {@link MigrationScript#problems()}
 */
public record LoadedChain(ChainSource source, List<MigrationScript> scripts, List<Finding> findings) {
    public LoadedChain {
        Objects.requireNonNull(source, "source");
        scripts = List.copyOf(scripts);
        findings = List.copyOf(findings);
    }
}
