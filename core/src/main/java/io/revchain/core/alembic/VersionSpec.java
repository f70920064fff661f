package io.revchain.core.alembic;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A version constraint, PEP 440 ({@code >=1.10,<2}, {@code ~=1.12}, {@code ==1.13.*}) or Poetry ({@code ^1.12},
 * {@code ~1.12}, {@code 1.13.2}, {@code >=1.10 <2 || ^1.13}), decided on release segments only (see
 * {@link AlembicRelease}). An instance is a union of alternatives, each an intersection of clauses; the empty
 * intersection allows everything.
 */
final class VersionSpec {

    private enum Op {
        EQ,
        NE,
        LT,
        LE,
        GT,
        GE
    }

    /** One comparison; {@code prefix} > 0 for a wildcard ({@code ==1.13.*} compares the first two components). */
    private record Clause(Op op, AlembicRelease version, int prefix) {
        boolean allows(AlembicRelease r) {
            if (prefix > 0) {
                boolean same = samePrefix(r, version, prefix);
                return op == Op.EQ ? same : !same;
            }
            int c = r.compareTo(version);
            return switch (op) {
                case EQ -> c == 0;
                case NE -> c != 0;
                case LT -> c < 0;
                case LE -> c <= 0;
                case GT -> c > 0;
                case GE -> c >= 0;
            };
        }
    }

    private static final Pattern PEP440_CLAUSE = Pattern.compile("\\s*(===|==|!=|~=|<=|>=|<|>)\\s*([^\\s,]+)\\s*");
    private static final Pattern POETRY_CLAUSE = Pattern.compile("(\\^|~=|~|===|==|!=|<=|>=|<|>|=)?\\s*([^\\s,|]+)");
    private static final Pattern RELEASE = Pattern.compile("v?(\\d+(?:\\.\\d+)*)");
    private static final Pattern WILDCARD = Pattern.compile("v?(\\d+(?:\\.\\d+)*)\\.\\*");

    private final List<List<Clause>> alternatives;
    private final String text;

    private VersionSpec(List<List<Clause>> alternatives, String text) {
        this.alternatives = alternatives;
        this.text = text;
    }

    /** A PEP 440 specifier set ({@code ""} allows everything); empty when it is malformed. */
    static Optional<VersionSpec> pep440(String text) {
        String t = text.strip();
        List<Clause> all = new ArrayList<>();
        if (!t.isEmpty()) {
            for (String part : t.split(",", -1)) {
                Matcher m = PEP440_CLAUSE.matcher(part);
                if (!m.matches() || !addClause(all, m.group(1), m.group(2))) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(new VersionSpec(List.of(all), t));
    }

    /** A Poetry constraint ({@code "*"} or {@code ""} allows everything); empty when it is malformed. */
    static Optional<VersionSpec> poetry(String text) {
        String t = text.strip();
        List<List<Clause>> alternatives = new ArrayList<>();
        for (String alternative : t.split("\\|\\|?", -1)) {
            List<Clause> all = new ArrayList<>();
            String a = alternative.replace(',', ' ').strip();
            Matcher m = POETRY_CLAUSE.matcher(a);
            int at = 0;
            while (at < a.length()) {
                if (!m.find(at) || !a.substring(at, m.start()).isBlank()) {
                    return Optional.empty();
                }
                if (!poetryClause(all, m.group(1), m.group(2))) {
                    return Optional.empty();
                }
                at = m.end();
                while (at < a.length() && Character.isWhitespace(a.charAt(at))) {
                    at++;
                }
            }
            if (a.isEmpty() && t.contains("|")) {
                return Optional.empty();
            }
            alternatives.add(all);
        }
        return Optional.of(new VersionSpec(alternatives, t));
    }

    /** Whether {@code release} satisfies the constraint. */
    boolean allows(AlembicRelease release) {
        for (List<Clause> all : alternatives) {
            if (all.stream().allMatch(c -> c.allows(release))) {
                return true;
            }
        }
        return false;
    }

    /** Whether nothing is constrained ({@code ""}, {@code "*"}). */
    boolean unconstrained() {
        return alternatives.stream().anyMatch(List::isEmpty);
    }

    /** The single release an exact pin ({@code ==1.13.2}, Poetry's bare {@code 1.13.2}) names. */
    Optional<AlembicRelease> exact() {
        if (alternatives.size() == 1 && alternatives.get(0).size() == 1) {
            Clause c = alternatives.get(0).get(0);
            if (c.op() == Op.EQ && c.prefix() == 0) {
                return Optional.of(c.version());
            }
        }
        return Optional.empty();
    }

    /**
     * The release pip (or Poetry) would pick when {@code known} are the published releases: the newest allowed one
     * that is not yanked (a yanked one only when nothing else is allowed, as pip does); failing that, when every
     * known release is too old for it, the lowest release a lower bound names (a constraint written for a release
     * newer than this list).
     */
    Optional<AlembicRelease> newest(List<AlembicRelease> known, List<AlembicRelease> yanked) {
        Optional<AlembicRelease> best = known.stream()
                .filter(r -> !yanked.contains(r) && allows(r))
                .max(AlembicRelease::compareTo)
                .or(() -> known.stream().filter(this::allows).max(AlembicRelease::compareTo));
        if (best.isPresent()) {
            return best;
        }
        AlembicRelease newestKnown =
                known.stream().max(AlembicRelease::compareTo).orElse(AlembicRelease.CURRENT);
        return alternatives.stream()
                .flatMap(List::stream)
                .filter(c -> (c.op() == Op.GE || c.op() == Op.EQ) && c.version().compareTo(newestKnown) > 0)
                .map(Clause::version)
                .filter(this::allows)
                .min(AlembicRelease::compareTo);
    }

    @Override
    public String toString() {
        return text;
    }

    private static boolean addClause(List<Clause> all, String op, String version) {
        Matcher w = WILDCARD.matcher(version);
        if (w.matches()) {
            if (!op.equals("==") && !op.equals("!=")) {
                return false;
            }
            AlembicRelease prefix = AlembicRelease.parse(w.group(1));
            all.add(new Clause(op.equals("==") ? Op.EQ : Op.NE, prefix, Math.min(components(w.group(1)), 3)));
            return true;
        }
        AlembicRelease v;
        try {
            v = AlembicRelease.parse(version);
        } catch (IllegalArgumentException e) {
            return false;
        }
        switch (op) {
            case "==", "===" -> all.add(new Clause(Op.EQ, v, 0));
            case "!=" -> all.add(new Clause(Op.NE, v, 0));
            case "<" -> all.add(new Clause(Op.LT, v, 0));
            case "<=" -> all.add(new Clause(Op.LE, v, 0));
            case ">" -> all.add(new Clause(Op.GT, v, 0));
            case ">=" -> all.add(new Clause(Op.GE, v, 0));
            case "~=" -> {
                // ~=1.12 is >=1.12, ==1.*; ~=1.12.1 is >=1.12.1, ==1.12.*
                all.add(new Clause(Op.GE, v, 0));
                int n = components(release(version));
                if (n >= 2) {
                    all.add(new Clause(Op.EQ, v, Math.min(n - 1, 3)));
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private static boolean poetryClause(List<Clause> all, String op, String version) {
        if (version.equals("*")) {
            return op == null;
        }
        if (op == null || op.equals("=")) {
            return addClause(all, "==", version);
        }
        if (!op.equals("^") && !op.equals("~")) {
            return addClause(all, op, version);
        }
        AlembicRelease v;
        try {
            v = AlembicRelease.parse(version);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int n = components(release(version));
        AlembicRelease upper;
        if (op.equals("^")) {
            // Caret: the first non-zero component (or the last one given) may not change.
            if (v.major() != 0 || n == 1) {
                upper = new AlembicRelease(v.major() + 1, 0, 0);
            } else if (v.minor() != 0 || n == 2) {
                upper = new AlembicRelease(0, v.minor() + 1, 0);
            } else {
                upper = new AlembicRelease(0, 0, v.patch() + 1);
            }
        } else {
            // Tilde: ~1.12 and ~1.12.3 stay below 1.13; ~1 below 2.
            upper = n == 1 ? new AlembicRelease(v.major() + 1, 0, 0) : new AlembicRelease(v.major(), v.minor() + 1, 0);
        }
        all.add(new Clause(Op.GE, v, 0));
        all.add(new Clause(Op.LT, upper, 0));
        return true;
    }

    /** The release segment of a version ({@code 1.12.1rc1} gives {@code 1.12.1}). */
    private static String release(String version) {
        Matcher m = RELEASE.matcher(version);
        return m.lookingAt() ? m.group(1) : version;
    }

    private static int components(String release) {
        return release.split("\\.").length;
    }

    private static boolean samePrefix(AlembicRelease a, AlembicRelease b, int prefix) {
        return a.major() == b.major()
                && (prefix < 2 || a.minor() == b.minor())
                && (prefix < 3 || a.patch() == b.patch());
    }
}
