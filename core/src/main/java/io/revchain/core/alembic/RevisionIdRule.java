package io.revchain.core.alembic;

import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Decides which characters a revision id may not hold under an Alembic release: {@code Revision.verify_rev_id}
 * ({@code _revision_illegal_chars}) refuses {@code @ - +}, and from 1.17.1 also {@code :}
 * ({@link AlembicRelease#colonForbiddenInRevisionId()}). A file whose id holds one fails to load. Every other string
 * is accepted by every release (an id such as {@code b2c3d4e5f6g7}, {@code 0001} or {@code add_users} loads); what
 * {@code alembic revision} itself writes is {@link #isGenerated 12 lowercase hex digits}.
 */
public final class RevisionIdRule {
    private RevisionIdRule() {}

    private static final String ALWAYS = "@-+";

    /** The forbidden characters {@code id} holds, each once, sorted as Alembic's message lists them; empty if none. */
    public static SortedSet<String> illegalCharacters(String id, AlembicRelease release) {
        SortedSet<String> out = new TreeSet<>();
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (forbids(c, release)) {
                out.add(String.valueOf(c));
            }
        }
        return out.isEmpty() ? Collections.emptySortedSet() : out;
    }

    /** Whether {@code id} holds no character {@code release} forbids. */
    public static boolean isLegal(String id, AlembicRelease release) {
        for (int i = 0; i < id.length(); i++) {
            if (forbids(id.charAt(i), release)) {
                return false;
            }
        }
        return true;
    }

    /** The forbidden characters as a message lists them: {@code "@ - +"}, then {@code " :"} from 1.17.1. */
    public static String forbiddenList(AlembicRelease release) {
        return "@ - +" + (release.colonForbiddenInRevisionId() ? " :" : "");
    }

    /** How many characters {@code alembic revision} writes: {@code uuid.uuid4().hex[-12:]} in every release. */
    public static final int GENERATED_LENGTH = 12;

    /**
     * Whether {@code id} has the shape {@code alembic revision} gives an id it generates ({@code util.rev_id()}:
     * {@code uuid.uuid4().hex[-12:]}, the same from 1.0 to the current release): 12 characters of {@code 0-9a-f}.
     * Anything else was written or passed ({@code --rev-id}) by hand; Alembic accepts it when it is
     * {@link #isLegal legal}.
     */
    public static boolean isGenerated(String id) {
        if (id == null || id.length() != GENERATED_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** What {@code release} accepts as an id, for a message: any string without the forbidden characters. */
    public static String accepted(AlembicRelease release) {
        return "Alembic " + release + " accepts any id without " + forbiddenList(release);
    }

    private static boolean forbids(char c, AlembicRelease release) {
        return ALWAYS.indexOf(c) >= 0 || c == ':' && release.colonForbiddenInRevisionId();
    }
}
