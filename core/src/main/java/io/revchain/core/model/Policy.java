package io.revchain.core.model;

import io.revchain.core.alembic.AlembicRelease;

import java.util.EnumSet;
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

    private static final Set<Check> ACGS2_ERRORS = EnumSet.of(Check.MULTIPLE_BASES, Check.MULTIPLE_HEADS,
            Check.DISCONNECTED_BRANCH, Check.MISSING_CONSTITUTIONAL_HASH, Check.DUPLICATE_PREFIX,
            Check.DOCSTRING_MISMATCH, Check.EMPTY_DOWN_REVISION);

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
    public boolean runs(Check check) {
        if (ignored.contains(check.wire())) {
            return false;
        }
        return check != Check.MISSING_CONSTITUTIONAL_HASH || isAcgs2();
    }

    /** Whether the finding's check runs under this policy (a check this build does not know runs unless ignored). */
    public boolean runs(Finding f) {
        return f.kind().map(this::runs).orElse(!ignored.contains(f.check()));
    }

    /** The severity a finding gets under this policy, given the severity its check gives it under {@code alembic}. */
    public Severity severity(Check check, Severity natural) {
        if (isAcgs2() && ACGS2_ERRORS.contains(check)) {
            return Severity.ERROR;
        }
        // from 1.12.1 down_revision = '' names a revision '' that does not exist: every command fails (KeyError)
        if (check == Check.EMPTY_DOWN_REVISION && !release.emptyDownRevisionIsBase()) {
            return Severity.ERROR;
        }
        return natural;
    }

    /** Applies {@link #severity} to a finding. */
    public Finding apply(Finding f) {
        Severity s = f.kind().map(c -> severity(c, f.severity())).orElse(f.severity());
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
