package io.revchain.core.adoption;

import io.revchain.core.model.Check;
import io.revchain.core.model.Finding;
import io.revchain.core.model.Severity;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The head file {@code revchain lock} writes ({@value #FILE_NAME} in a chain's first versions folder, like Django's
 * {@code max_migration.txt}): what it holds, and whether it is stale.
 *
 * <p>It holds a fixed two-line comment, then the chain's heads, one id per line, sorted. Two branches that each add a
 * migration on the same head both rewrite the same line, so git stops their merge with a conflict on the developer's
 * machine. The file is stale when the set of ids it names differs from the chain's heads (a new migration added
 * without {@code revchain lock}, or a merge that kept one side), or when it still holds git's conflict markers.
 * Lines that start with {@code #} and blank lines are not ids.
 */
public final class HeadLock {
    public static final String FILE_NAME = ".revchain-head";

    static final String HEADER =
            "# The head(s) of this Alembic chain, written by 'revchain lock'; 'revchain check' fails"
                    + " when\n# they are not the chain's heads. Two branches that each add a migration conflict here.\n";

    private HeadLock() {}

    /** The file's text for a chain whose heads are {@code heads}. */
    public static String render(Collection<String> heads) {
        StringBuilder b = new StringBuilder(HEADER);
        for (String h : new TreeSet<>(heads)) {
            b.append(h).append('\n');
        }
        return b.toString();
    }

    /** The ids the file names, in file order. */
    public static List<String> heads(String text) {
        List<String> out = new ArrayList<>();
        for (String line : text.split("\\R")) {
            String s = line.strip();
            if (!s.isEmpty() && !s.startsWith("#") && !conflictMarker(s)) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * The {@link Check#STALE_HEAD_LOCK} finding for a head file at {@code file} holding {@code text}, when it does not
     * name exactly {@code heads}; empty when it is current.
     */
    public static Optional<Finding> check(String file, String text, Collection<String> heads) {
        TreeSet<String> current = new TreeSet<>(heads);
        String[] lines = text.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            if (conflictMarker(lines[i].strip())) {
                return Optional.of(finding(
                        file,
                        i + 1,
                        current,
                        file + " still holds git's conflict markers: two branches each added a migration on the same"
                                + " head. Point your migration's down_revision at the other branch's head (now "
                                + String.join(", ", current) + " here), then run 'revchain lock'"));
            }
        }
        TreeSet<String> listed = new TreeSet<>(heads(text));
        if (listed.equals(current)) {
            return Optional.empty();
        }
        int line = 1;
        for (int i = 0; i < lines.length; i++) {
            String s = lines[i].strip();
            if (!s.isEmpty() && !s.startsWith("#") && !current.contains(s)) {
                line = i + 1;
                break;
            }
        }
        return Optional.of(finding(
                file,
                line,
                current,
                file + " names head(s) " + (listed.isEmpty() ? "(none)" : String.join(", ", listed))
                        + " but the chain's head(s) are " + (current.isEmpty() ? "(none)" : String.join(", ", current))
                        + ": run 'revchain lock' after adding or merging a migration, and commit the file"));
    }

    private static Finding finding(String file, int line, TreeSet<String> current, String message) {
        return new Finding(
                Check.STALE_HEAD_LOCK, Severity.ERROR, null, file, line, message, null, List.copyOf(current));
    }

    private static boolean conflictMarker(String s) {
        return s.startsWith("<<<<<<<") || s.startsWith("=======") || s.startsWith(">>>>>>>") || s.startsWith("|||||||");
    }
}
