package io.revchain.core.model;

import io.revchain.core.alembic.AlembicRelease;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Decides the severity of each check and whether it runs at all.
 *
 * <p>{@code alembic}: errors are what makes an Alembic command fail, plus {@code duplicate-revision}; branches
 * (several heads or bases) are legal and only warnings. {@code acgs2}: one base, one head, one linear chain and
 * the constitutional hash in every file; shape findings become errors.
 *
 * @param name     {@code alembic} or {@code acgs2}
 * @param marker   the string every file must carry under {@code acgs2} (the constitutional hash)
 * @param ignored  checks never reported
 * @param naming   how the chain names its files (its {@code file_template}), for the file-name checks
 * @param release  the Alembic release whose rules the chain is held to
 */
public record Policy(String name, String marker, Set<String> ignored, FileNaming naming, AlembicRelease release) {

    public static final String CONSTITUTIONAL_HASH = "cdd01ef066bc6cf2";
    public static final String ALEMBIC = "alembic";
    public static final String ACGS2 = "acgs2";

    private static final Set<String> ACGS2_ERRORS = Set.of(Checks.MULTIPLE_BASES, Checks.MULTIPLE_HEADS,
            Checks.DISCONNECTED_BRANCH, Checks.MISSING_CONSTITUTIONAL_HASH, Checks.DUPLICATE_PREFIX,
            Checks.DOCSTRING_MISMATCH, Checks.EMPTY_DOWN_REVISION);

    public Policy {
        name = name == null ? ALEMBIC : name.toLowerCase(Locale.ROOT);
        if (!name.equals(ALEMBIC) && !name.equals(ACGS2)) {
            throw new IllegalArgumentException("unknown policy '" + name + "' (expected alembic or acgs2)");
        }
        marker = marker == null || marker.isEmpty() ? CONSTITUTIONAL_HASH : marker;
        ignored = ignored == null ? Set.of() : Set.copyOf(ignored);
        naming = naming == null ? FileNaming.DEFAULT : naming;
        release = release == null ? AlembicRelease.ORACLE : release;
    }

    public Policy(String name, String marker, Set<String> ignored) {
        this(name, marker, ignored, FileNaming.DEFAULT, AlembicRelease.ORACLE);
    }

    /**
     * This policy for one chain: its files are named by {@code fileTemplate} ({@code null}: Alembic's default) and it
     * runs under {@code release}.
     */
    public Policy forChain(String fileTemplate, AlembicRelease release) {
        return new Policy(name, marker, ignored, new FileNaming(fileTemplate), release);
    }

    public static Policy alembic() {
        return new Policy(ALEMBIC, CONSTITUTIONAL_HASH, Set.of());
    }

    public static Policy acgs2() {
        return new Policy(ACGS2, CONSTITUTIONAL_HASH, Set.of());
    }

    public static Policy named(String name) {
        return new Policy(name, CONSTITUTIONAL_HASH, Set.of());
    }

    public boolean isAcgs2() {
        return ACGS2.equals(name);
    }

    /** Whether the check runs under this policy. */
    public boolean runs(String check) {
        if (ignored.contains(check)) {
            return false;
        }
        return !Checks.MISSING_CONSTITUTIONAL_HASH.equals(check) || isAcgs2();
    }

    /** The severity a finding gets under this policy, given the severity its check gives it under {@code alembic}. */
    public Severity severity(String check, Severity natural) {
        if (isAcgs2() && ACGS2_ERRORS.contains(check)) {
            return Severity.ERROR;
        }
        // from 1.12.1 down_revision = '' names a revision '' that does not exist: every command fails (KeyError)
        if (Checks.EMPTY_DOWN_REVISION.equals(check) && !release.emptyDownRevisionIsBase()) {
            return Severity.ERROR;
        }
        return natural;
    }

    /** Applies {@link #severity} to a finding. */
    public Finding apply(Finding f) {
        Severity s = severity(f.check(), f.severity());
        return s == f.severity() ? f : f.withSeverity(s);
    }

    public Policy withIgnored(Set<String> checks) {
        return new Policy(name, marker, checks, naming, release);
    }

    public Policy withMarker(String m) {
        return new Policy(name, m, ignored, naming, release);
    }

    public static Map<String, String> describe() {
        return Map.of(ALEMBIC, "errors are what makes an Alembic command fail, plus duplicate revisions",
                ACGS2, "one base, one head, one linear chain, the constitutional hash in every file");
    }
}
