package io.revchain.core.model;

import io.revchain.core.alembic.AlembicRelease;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides the severity of each check and whether it runs at all.
 *
 * <p>{@code alembic}: errors are what makes an Alembic command fail, plus {@code duplicate-revision}; branches
 * (several heads or bases) are legal and only warnings. {@code acgs2}: one base, one head, one linear chain and
 * the constitutional hash in every file; shape findings become errors.
 *
 * <p>Build one with {@link #alembic()}, {@link #acgs2()}, {@link #of(Kind)} or {@link #named(String)} (a name from
 * configuration) and the {@code with…} methods.
 *
 * @param kind     which policy this is
 * @param marker   the string every file must carry under {@code acgs2} (the constitutional hash)
 * @param ignored  checks never reported
 * @param naming   how the chain names its files (its {@code file_template}), for the file-name checks
 * @param release  the Alembic release whose rules the chain is held to
 */
public record Policy(Kind kind, String marker, Set<Check> ignored, FileNaming naming, AlembicRelease release) {

    public static final String CONSTITUTIONAL_HASH = "cdd01ef066bc6cf2";
    public static final String ALEMBIC = Kind.ALEMBIC.wire();
    public static final String ACGS2 = Kind.ACGS2.wire();

    /** The policies there are: their names in configuration and reports, and what each holds a chain to. */
    public enum Kind {
        ALEMBIC("alembic", "errors are what makes an Alembic command fail, plus duplicate revisions"),
        ACGS2("acgs2", "one base, one head, one linear chain, the constitutional hash in every file");

        private final String wire;
        private final String description;

        Kind(String wire, String description) {
            this.wire = wire;
            this.description = description;
        }

        public String wire() {
            return wire;
        }

        public String description() {
            return description;
        }

        /** The policy named {@code name} in any case ({@code null}: {@code alembic}). */
        public static Kind parse(String name) {
            String n = name == null ? ALEMBIC.wire : name.toLowerCase(Locale.ROOT);
            for (Kind k : values()) {
                if (k.wire.equals(n)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown policy '" + n + "' (expected alembic or acgs2)");
        }

        /** Every policy's name, in declaration order. */
        public static List<String> wireNames() {
            return Arrays.stream(values()).map(Kind::wire).toList();
        }
    }

    private static final Set<Check> ACGS2_ERRORS = EnumSet.of(
            Check.MULTIPLE_BASES,
            Check.MULTIPLE_HEADS,
            Check.DISCONNECTED_BRANCH,
            Check.MISSING_CONSTITUTIONAL_HASH,
            Check.DUPLICATE_PREFIX,
            Check.DOCSTRING_MISMATCH,
            Check.EMPTY_DOWN_REVISION);

    public Policy {
        Objects.requireNonNull(kind, "kind");
        marker = marker == null || marker.isEmpty() ? CONSTITUTIONAL_HASH : marker;
        ignored = ignored == null ? Set.of() : Set.copyOf(ignored);
        naming = naming == null ? FileNaming.DEFAULT : naming;
        release = release == null ? AlembicRelease.ORACLE : release;
    }

    /**
     * This policy for one chain: its files are named by {@code fileTemplate} ({@code null}: Alembic's default) and it
     * runs under {@code release}.
     */
    public Policy forChain(String fileTemplate, AlembicRelease release) {
        return new Policy(kind, marker, ignored, new FileNaming(fileTemplate), release);
    }

    /** The policy {@code kind} with the constitutional hash as its marker, nothing ignored, Alembic's defaults. */
    public static Policy of(Kind kind) {
        return new Policy(kind, CONSTITUTIONAL_HASH, Set.of(), FileNaming.DEFAULT, AlembicRelease.ORACLE);
    }

    public static Policy alembic() {
        return of(Kind.ALEMBIC);
    }

    public static Policy acgs2() {
        return of(Kind.ACGS2);
    }

    /** The policy named {@code name} in any case, as {@link Kind#parse} reads it. */
    public static Policy named(String name) {
        return of(Kind.parse(name));
    }

    /** The policy's name in configuration and reports: {@code alembic} or {@code acgs2}. */
    public String name() {
        return kind.wire();
    }

    public boolean isAcgs2() {
        return kind == Kind.ACGS2;
    }

    /** Whether the check runs under this policy. */
    public boolean runs(Check check) {
        if (ignored.contains(check)) {
            return false;
        }
        return check != Check.MISSING_CONSTITUTIONAL_HASH || isAcgs2();
    }

    /**
     * Whether the finding's check runs under this policy. A check this build does not know always runs: only known
     * checks can be ignored, as configuration refuses any other name.
     */
    public boolean runs(Finding f) {
        return f.kind().map(this::runs).orElse(true);
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

    public Policy withIgnored(Set<Check> checks) {
        return new Policy(kind, marker, checks, naming, release);
    }

    public Policy withMarker(String m) {
        return new Policy(kind, m, ignored, naming, release);
    }

    public static Map<String, String> describe() {
        return Arrays.stream(Kind.values()).collect(Collectors.toUnmodifiableMap(Kind::wire, Kind::description));
    }
}
