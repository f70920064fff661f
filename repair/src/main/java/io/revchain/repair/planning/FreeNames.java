package io.revchain.repair.planning;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides the file name of a new or renamed migration so that it clashes with no other: a numeric prefix another
 * file already has gets the next free letter ({@code 004_x.py} → {@code 004b_x.py}), which keeps the files in
 * chain order when listed; a name still taken gets {@code _2}, {@code _3}… before {@code .py}.
 */
final class FreeNames {
    private FreeNames() {}

    /** A leading number followed by an underscore: the prefix that orders files in a listing. */
    static final Pattern FIRST_DIGITS = Pattern.compile("^(\\d+)_");

    /** The folder new files go in, as a path prefix ({@code ""} or ending in {@code /}). */
    static String folder(Workspace ws) {
        String f = ws.newFileFolder();
        return f.equals(".") || f.isEmpty() ? "" : f + "/";
    }

    /** The file name, with the next free letter after its numeric prefix when another file has that prefix. */
    static String freeName(Workspace ws, String name) {
        Set<String> names = new HashSet<>();
        Set<String> prefixes = new HashSet<>();
        for (String p : ws.paths()) {
            String n = p.substring(p.lastIndexOf('/') + 1);
            names.add(n);
            Matcher m = FIRST_DIGITS.matcher(n);
            if (m.find()) {
                prefixes.add(m.group(1));
            }
        }
        Matcher m = FIRST_DIGITS.matcher(name);
        if (m.find() && prefixes.contains(m.group(1))) {
            name = nextLetter(m.group(1), name.substring(m.group(1).length()), names);
        }
        String base = name;
        for (int i = 2; names.contains(name); i++) {
            name = base.substring(0, base.length() - 3) + "_" + i + ".py";
        }
        return name;
    }

    /** {@code digits} and the first letter from {@code b} that no file name starts with, then {@code rest}. */
    static String nextLetter(String digits, String rest, Set<String> names) {
        for (char c = 'b'; c <= 'z'; c++) {
            String prefix = digits + c;
            if (names.stream().noneMatch(n -> n.startsWith(prefix))) {
                return prefix + rest;
            }
        }
        return digits + "z" + rest;
    }
}
