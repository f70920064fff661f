package io.revchain.app.check;

import io.revchain.core.model.Finding;
import java.util.List;

/**
 * The outcome of checking one migration chain (one ini section, one stated chain, or one versions folder).
 *
 * @param location  the chain's folder relative to the checked path ("." for the path itself)
 * @param name      the chain's name ({@code alembic -n NAME}; {@code alembic} for the plain layout)
 * @param checked   false when the chain's folders could not be resolved: nothing of it was read (a finding says why)
 * @param release   the Alembic release whose rules were applied, and why ("1.13.2 (requirements.txt:3 ...)")
 * @param notes     how the layout was decided
 * @param revisions number of revisions declared
 * @param heads     heads as Alembic computes them
 * @param bases     bases as Alembic computes them
 * @param findings  every finding, in a stable order
 */
public record ChainResult(
        String location,
        String name,
        boolean checked,
        String release,
        List<String> notes,
        int revisions,
        List<String> heads,
        List<String> bases,
        List<Finding> findings) {
    public ChainResult {
        notes = List.copyOf(notes);
        heads = List.copyOf(heads);
        bases = List.copyOf(bases);
        findings = List.copyOf(findings);
    }

    /** A checked chain named {@code alembic}, without notes. */
    public ChainResult(String location, int revisions, List<String> heads, List<String> bases, List<Finding> findings) {
        this(location, "alembic", true, null, List.of(), revisions, heads, bases, findings);
    }

    public long errors() {
        return findings.stream().filter(Finding::isError).count();
    }

    /** How reports name the chain: its folder, and its name unless it is the plain {@code alembic}. */
    public String label() {
        return name.equals("alembic") ? location : location + " [" + name + "]";
    }
}
