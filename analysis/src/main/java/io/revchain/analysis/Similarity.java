package io.revchain.analysis;

/** How far apart two revision ids are: what decides that a broken reference is a typo of an existing id. */
public final class Similarity {
    private Similarity() {}

    /** Levenshtein distance (insertions, deletions, substitutions), in two rows of memory. */
    public static int levenshtein(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** Close enough to call a typo: at most a third of the shorter id apart (and at least one edit allowed). */
    public static boolean closeEnough(String missing, String candidate, int distance) {
        return distance <= Math.max(1, Math.min(missing.length(), candidate.length()) / 3);
    }
}
