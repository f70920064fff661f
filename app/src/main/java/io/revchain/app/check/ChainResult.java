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
 * @param findings  every finding still reported, in a stable order
 * @param suppressed findings a {@code # revchain: ignore} comment or the baseline keeps from failing the check
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
        List<Finding> findings,
        List<Suppressed> suppressed) {
    public ChainResult {
        notes = List.copyOf(notes);
        heads = List.copyOf(heads);
        bases = List.copyOf(bases);
        findings = List.copyOf(findings);
        suppressed = List.copyOf(suppressed);
    }

    /**
     * A finding that is not reported as one.
     *
     * @param kind   what kept it back
     * @param reason the comment's reason, or the baseline file's name; {@code null} when the comment gave none
     * @param line   the line of the suppressing comment, 0 for the baseline
     */
    public record Suppressed(Finding finding, Kind kind, String reason, int line) {
        /** What keeps a finding back, as SARIF names it. */
        public enum Kind {
            /** A {@code # revchain: ignore[...]} comment in the file. */
            IN_SOURCE,
            /** An entry of the baseline given with {@code --baseline}. */
            BASELINE
        }
    }

    /** A result without suppressed findings. */
    public ChainResult(
            String location,
            String name,
            boolean checked,
            String release,
            List<String> notes,
            int revisions,
            List<String> heads,
            List<String> bases,
            List<Finding> findings) {
        this(location, name, checked, release, notes, revisions, heads, bases, findings, List.of());
    }

    /** This result with other findings and suppressed findings. */
    public ChainResult with(List<Finding> active, List<Suppressed> kept) {
        return new ChainResult(location, name, checked, release, notes, revisions, heads, bases, active, kept);
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
