package io.revchain.ingest.plan;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Decides which refs of a repository are candidate branches: those matching one of the configured patterns
 * ({@code feature/*}, {@code refs/pull/*}{@code /head}), minus the watched branches and the target. A pattern without
 * {@code refs/} is matched against branch names ({@code refs/heads/} stripped); {@code *} matches within one path
 * segment, {@code **} across segments. A candidate is named like a branch when it is one, else by its full ref
 * name. Pure.
 */
public final class CandidateRefs {
    private CandidateRefs() {}

    private static final String HEADS = "refs/heads/";

    /**
     * The candidates, sorted.
     *
     * @param patterns the configured patterns
     * @param refs     every full ref name of the repository
     * @param exclude  branch names never previewed (the watched branches and the target)
     */
    public static List<String> select(List<String> patterns, Collection<String> refs, Collection<String> exclude) {
        List<Pattern> compiled = patterns.stream().map(CandidateRefs::compile).toList();
        Set<String> out = new TreeSet<>();
        for (String ref : refs) {
            String name = ref.startsWith(HEADS) ? ref.substring(HEADS.length()) : ref;
            if (exclude.contains(name)) {
                continue;
            }
            for (int i = 0; i < patterns.size(); i++) {
                boolean full = patterns.get(i).startsWith("refs/");
                if (compiled.get(i).matcher(full ? ref : name).matches() && (full || ref.startsWith(HEADS))) {
                    out.add(name);
                    break;
                }
            }
        }
        return new ArrayList<>(out);
    }

    static Pattern compile(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                boolean twice = i + 1 < glob.length() && glob.charAt(i + 1) == '*';
                re.append(twice ? ".*" : "[^/]*");
                i += twice ? 1 : 0;
            } else if (c == '?') {
                re.append("[^/]");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }
}
