package io.revchain.analysis;

import io.revchain.core.alembic.RevisionIdRule;
import io.revchain.core.model.Check;
import io.revchain.core.model.Field;
import io.revchain.core.model.Finding;
import io.revchain.core.model.MigrationScript;
import io.revchain.core.model.Policy;
import io.revchain.core.model.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides whether a revision id was chosen with care: ids that Alembic accepts (it accepts any string without its few
 * forbidden characters, {@link RevisionIdRule}) but that collide across branches and repositories because they were
 * typed rather than generated.
 *
 * <ul>
 *   <li>{@code placeholder-revision-id} (one file): a low-entropy id of 6 characters or more — one or two distinct
 *       characters ({@code 000000000000}), a short unit repeated ({@code abcabcabc}), a run of consecutive
 *       characters ({@code abcdef}, {@code 0123456789ab}), two interleaved runs ({@code a1b2c3d4e5f6},
 *       {@code b2c3d4e5f6g7}), or a known placeholder word ({@code deadbeef}, {@code changeme}). A generated id
 *       (12 random hex digits) matches none of these but by a chance well under one in a billion. Hand-numbered ids
 *       of up to 6 digits are left to the next rule.</li>
 *   <li>{@code hand-typed-revision-id} (the chain): ids of 1 to 6 digits ({@code 0001}) are a legitimate convention
 *       when the chain uses them throughout; they are flagged only where they are a minority — fewer than half of
 *       the chain's literal ids — beside generated ones, which is where someone typed one by hand. A chain of
 *       numbered ids is never flagged, whatever its numbering.</li>
 *   <li>{@code file-name-mismatch} (one file): where the chain's {@code file_template} opens names with the id, the
 *       name opens with another id than the one declared: a generated-shaped id ({@code 1975ea83b712_x.py}
 *       declaring {@code ae1027a6acf0}), or another number where both are numbers ({@code 0002_x.py} declaring
 *       {@code 0003}; {@code 001_} and {@code 1} are the same number). A sequence prefix before a generated id
 *       ({@code 004_add_users.py}) is a naming convention, not an id, and is never flagged.</li>
 * </ul>
 *
 * The docstring's {@code Revision ID:} line is {@code docstring-mismatch}'s, not this class's.
 */
public final class RevisionIdHygiene {
    private RevisionIdHygiene() {}

    /** The shortest id the placeholder patterns apply to: shorter ones are too few characters to judge. */
    static final int MIN_PATTERN_LENGTH = 6;
    /** The most digits a hand-numbered id has; longer digit strings are dates or times. */
    static final int MAX_NUMBER_DIGITS = 6;

    private static final Set<String> WORDS = Set.of("deadbeef", "cafebabe", "placeholder", "changeme", "fixme", "xxxx");

    /** Why {@code id} is a placeholder ({@code "a run of consecutive characters"}), or {@code null} if it is not one. */
    public static String placeholder(String id) {
        if (id == null || id.length() < MIN_PATTERN_LENGTH || isNumber(id)) {
            return null;
        }
        String s = id.toLowerCase(Locale.ROOT);
        for (String w : WORDS) {
            if (s.contains(w)) {
                return "the placeholder word '" + w + "'";
            }
        }
        if (s.chars().distinct().count() <= 2) {
            return "only " + s.chars().distinct().count() + " distinct character(s)";
        }
        for (int unit = 1; unit <= 3; unit++) {
            if (s.length() >= unit * 3 && periodic(s, unit)) {
                return "a unit of " + unit + " character(s) repeated";
            }
        }
        if (run(s, 0, 1)) {
            return "a run of consecutive characters";
        }
        if (run(s, 0, 2) && run(s, 1, 2)) {
            return "two interleaved runs of consecutive characters";
        }
        return null;
    }

    /** An id of 1 to {@value #MAX_NUMBER_DIGITS} ASCII digits: a hand-numbered id such as {@code 0001}. */
    public static boolean isNumber(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_NUMBER_DIGITS) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            if (id.charAt(i) < '0' || id.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a chain with {@code ids} literal ids of which {@code numbers} are {@link #isNumber numbers} has its
     * numbers flagged: some, but fewer than half (a numbered chain is a convention, a few numbers beside generated
     * ids are typed by hand).
     */
    public static boolean flagsNumbers(int numbers, int ids) {
        return numbers > 0 && numbers * 2 < ids;
    }

    /**
     * The id the file name opens with when it is not {@code declared} and looks like an id (see the class comment),
     * else {@code null}.
     */
    public static String nameDisagrees(MigrationScript s, Policy policy, String declared) {
        String inName = policy.naming().revisionInName(s.path());
        if (inName == null || declared == null || inName.equals(declared)) {
            return null;
        }
        String sep = policy.naming().revisionSeparator();
        String stem = s.fileName().endsWith(".py")
                ? s.fileName().substring(0, s.fileName().length() - 3)
                : s.fileName();
        // an id that holds the separator itself (add_users in add_users_table.py) opens the name all the same
        if (stem.equals(declared) || !sep.isEmpty() && stem.startsWith(declared + sep)) {
            return null;
        }
        if (RevisionIdRule.isGenerated(inName) && hasLetter(inName)) {
            return inName;
        }
        if (isDigits(inName) && isDigits(declared) && !sameNumber(inName, declared)) {
            return inName;
        }
        return null;
    }

    /** The findings of one file: a placeholder id, a file name naming another id. */
    static void fileFindings(MigrationScript s, Policy policy, List<Finding> out) {
        String id = literalId(s);
        if (id == null) {
            return;
        }
        String why = placeholder(id);
        if (why != null) {
            out.add(new Finding(
                    Check.PLACEHOLDER_REVISION_ID,
                    // a note: Alembic runs such an id; the collision itself is the organisation-wide finding's
                    Severity.INFO,
                    id,
                    s.path(),
                    line(s.revision()),
                    s.path() + ": revision id '" + id + "' is " + why + ", not a generated id"
                            + (RevisionIdRule.isGenerated(id) ? "" : " (alembic revision writes 12 hex digits)")
                            + ": another branch or repository that typed the same pattern collides with it; give it "
                            + "a generated id (and re-point what follows it)",
                    "accepted: " + RevisionIdRule.accepted(policy.release()),
                    List.of(id)));
        }
        String inName = nameDisagrees(s, policy, id);
        if (inName != null) {
            out.add(new Finding(
                    Check.FILE_NAME_MISMATCH,
                    Severity.WARNING,
                    id,
                    s.path(),
                    line(s.revision()),
                    s.path() + ": the file name says revision '" + inName + "' but revision = '" + id + "'"
                            + ": rename the file (or fix the variable if the name is right)",
                    "ignored: Alembic reads the id from the file, never from its name",
                    List.of(id)));
        }
    }

    /** The chain's findings: hand-numbered ids among mostly generated ones, one per numbered file. */
    static void chainFindings(List<MigrationScript> files, Policy policy, List<Finding> out) {
        int ids = 0;
        List<MigrationScript> numbered = new ArrayList<>();
        for (MigrationScript s : files) {
            String id = literalId(s);
            if (id != null) {
                ids++;
                if (isNumber(id)) {
                    numbered.add(s);
                }
            }
        }
        if (!flagsNumbers(numbered.size(), ids)) {
            return;
        }
        for (MigrationScript s : numbered) {
            String id = literalId(s);
            out.add(new Finding(
                    Check.HAND_TYPED_REVISION_ID,
                    Severity.INFO,
                    id,
                    s.path(),
                    line(s.revision()),
                    s.path() + ": revision id '" + id + "' is a hand-typed number in a chain where "
                            + (ids - numbered.size())
                            + " of " + ids + " ids are not numbers: two branches that number their next migration "
                            + "alike collide; use a generated id",
                    "accepted: " + RevisionIdRule.accepted(policy.release()),
                    List.of(id)));
        }
    }

    /** The id of a file whose {@code revision} is one literal, else {@code null}. */
    static String literalId(MigrationScript s) {
        Field r = s.revision();
        return r.isLiteral() && r.values().size() == 1 && !r.emptyString() ? r.single() : null;
    }

    private static int line(Field f) {
        return Math.max(f.line(), 1);
    }

    private static boolean periodic(String s, int unit) {
        for (int i = unit; i < s.length(); i++) {
            if (s.charAt(i) != s.charAt(i - unit)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the characters at {@code from}, {@code from + step}, … each follow the one before (hex: 9 then a). */
    private static boolean run(String s, int from, int step) {
        int n = 0;
        for (int i = from + step; i < s.length(); i += step) {
            if (!follows(s.charAt(i - step), s.charAt(i))) {
                return false;
            }
            n++;
        }
        return n >= 2;
    }

    private static boolean follows(char a, char b) {
        return b == a + 1 || a == '9' && b == 'a';
    }

    private static boolean hasLetter(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > '9') {
                return true;
            }
        }
        return false;
    }

    private static boolean isDigits(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean sameNumber(String a, String b) {
        return Long.parseLong(a) == Long.parseLong(b);
    }
}
