package io.revchain.core.alembic;

import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Decides which characters a revision id may not hold under an Alembic release: {@code Revision.verify_rev_id}
 * ({@code _revision_illegal_chars}) refuses {@code @ - +}, and from 1.17.1 also {@code :}
 * ({@link AlembicRelease#colonForbiddenInRevisionId()}). A file whose id holds one fails to load.
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

    private static boolean forbids(char c, AlembicRelease release) {
        return ALWAYS.indexOf(c) >= 0 || c == ':' && release.colonForbiddenInRevisionId();
    }
}
