package io.revchain.app.check;

import io.revchain.core.model.Finding;
import java.util.List;

/**
 * The outcome of checking one migration chain (one {@code alembic.ini} or one versions folder).
 *
 * @param location  the chain's folder relative to the checked path ("." for the path itself)
 * @param revisions number of revisions declared
 * @param heads     heads as Alembic computes them
 * @param bases     bases as Alembic computes them
 * @param findings  every finding, in a stable order
 */
public record ChainResult(String location, int revisions, List<String> heads, List<String> bases,
                          List<Finding> findings) {
    public ChainResult {
        heads = List.copyOf(heads);
        bases = List.copyOf(bases);
        findings = List.copyOf(findings);
    }

    public long errors() {
        return findings.stream().filter(Finding::isError).count();
    }
}
