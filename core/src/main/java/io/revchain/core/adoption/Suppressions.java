package io.revchain.core.adoption;

import io.revchain.core.model.Check;
import io.revchain.core.model.Finding;
import io.revchain.core.model.Severity;
import io.revchain.core.parse.PythonSyntaxError;
import io.revchain.core.parse.PythonTokenizer;
import io.revchain.core.parse.SourceDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides which findings a migration file's own comments suppress, and which such comments suppress nothing.
 *
 * <p>The syntax is a Python comment {@code # revchain: ignore[CHECK, CHECK] -- reason} (the reason is optional and
 * kept in every output). Where it applies:
 *
 * <ul>
 *   <li>a comment that is alone on its line within the file's first {@value #FILE_WIDE_LINES} lines applies to the
 *       whole file (every finding of the named checks about that file);
 *   <li>any other such comment applies to findings reported on its own line (a trailing comment), and only to those
 *       with a known line.
 * </ul>
 *
 * Only real comments count: the file is tokenized as Python reads it, so the same text inside a string or docstring
 * is not a directive. A directive whose check suppresses nothing, that names an unknown check or that cannot be read
 * is reported as {@link Check#UNUSED_SUPPRESSION} (a warning), except for checks the policy does not run.
 */
public final class Suppressions {
    /** Own-line directives in this many first lines apply to the whole file. */
    public static final int FILE_WIDE_LINES = 5;

    private static final byte[] MARK = "revchain".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern DIRECTIVE = Pattern.compile("#\\s*revchain\\s*:\\s*(.*)");
    private static final Pattern IGNORE = Pattern.compile("ignore\\[([^\\]]*)\\]\\s*(?:--\\s*(.*))?");

    private Suppressions() {}

    /**
     * One {@code # revchain:} comment.
     *
     * @param file     the file's path, as findings name it
     * @param line     1-based line of the comment
     * @param fileWide it applies to the whole file
     * @param checks   the check names it lists, as written
     * @param reason   the text after {@code --}, {@code null} when none was given
     * @param problem  why it cannot be read, {@code null} when it can
     */
    public record Directive(
            String file, int line, boolean fileWide, List<String> checks, String reason, String problem) {
        public Directive {
            checks = List.copyOf(checks);
        }

        /** Whether it suppresses {@code f}. */
        boolean covers(Finding f) {
            return problem == null
                    && file.equals(f.file())
                    && checks.contains(f.check())
                    && (fileWide || (f.line() > 0 && f.line() == line));
        }
    }

    /** A finding a directive suppressed, and the directive's reason ({@code null}: none given). */
    public record Suppressed(Finding finding, String reason, int directiveLine) {}

    /**
     * What the directives did to a chain's findings.
     *
     * @param active     the findings still reported, then one {@link Check#UNUSED_SUPPRESSION} per idle directive
     * @param suppressed the findings a directive suppressed
     */
    public record Outcome(List<Finding> active, List<Suppressed> suppressed) {
        public Outcome {
            active = List.copyOf(active);
            suppressed = List.copyOf(suppressed);
        }
    }

    /** The {@code # revchain:} directives of one file; empty (and cheap) when the file never mentions revchain. */
    public static List<Directive> scan(String path, byte[] content) {
        if (!contains(content, MARK)) {
            return List.of();
        }
        String text;
        try {
            text = SourceDecoder.decode(content);
        } catch (PythonSyntaxError e) {
            text = new String(content, StandardCharsets.UTF_8);
        }
        return scan(path, text);
    }

    /** The {@code # revchain:} directives of one file's decoded text. */
    public static List<Directive> scan(String path, String text) {
        List<Directive> out = new ArrayList<>();
        // comments come in file order: lines are counted once over the whole text, never per comment
        int line = 1;
        int counted = 0;
        for (int[] c : comments(text)) {
            line += breaks(text, counted, c[0]);
            counted = c[0];
            Matcher m = DIRECTIVE.matcher(text.substring(c[0], c[1]).strip());
            if (!m.matches()) {
                continue;
            }
            boolean ownLine = text.substring(lineStart(text, c[0]), c[0]).isBlank();
            out.add(directive(
                    path, line, ownLine && line <= FILE_WIDE_LINES, m.group(1).strip()));
        }
        return out;
    }

    private static Directive directive(String path, int line, boolean fileWide, String body) {
        Matcher m = IGNORE.matcher(body);
        if (!m.matches()) {
            return new Directive(
                    path, line, fileWide, List.of(), null, "expected '# revchain: ignore[CHECK, ...] -- reason'");
        }
        List<String> checks = Arrays.stream(m.group(1).split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
        String reason =
                m.group(2) == null || m.group(2).isBlank() ? null : m.group(2).strip();
        if (checks.isEmpty()) {
            return new Directive(path, line, fileWide, checks, reason, "names no check inside ignore[...]");
        }
        return new Directive(path, line, fileWide, checks, reason, null);
    }

    /**
     * Applies {@code directives} (by file path) to {@code findings}.
     *
     * @param runs whether the policy runs a check (a directive for a check it does not run is not "unused")
     */
    public static Outcome apply(
            List<Finding> findings, Map<String, List<Directive>> directives, Predicate<String> runs) {
        if (directives.isEmpty()) {
            return new Outcome(findings, List.of());
        }
        List<Finding> active = new ArrayList<>();
        List<Suppressed> suppressed = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (Finding f : findings) {
            Directive d = f.file() == null ? null : first(directives.get(f.file()), f);
            if (d == null) {
                active.add(f);
            } else {
                suppressed.add(new Suppressed(f, d.reason(), d.line()));
                used.add(d.file() + "\u0000" + d.line() + "\u0000" + f.check());
            }
        }
        directives.values().stream()
                .flatMap(List::stream)
                .sorted((a, b) -> a.file().equals(b.file())
                        ? Integer.compare(a.line(), b.line())
                        : a.file().compareTo(b.file()))
                .forEach(d -> {
                    String why = idle(d, used, runs);
                    if (why != null) {
                        active.add(new Finding(
                                Check.UNUSED_SUPPRESSION,
                                Severity.WARNING,
                                null,
                                d.file(),
                                d.line(),
                                (d.problem() != null
                                                ? "this '# revchain:' comment "
                                                : "'# revchain: ignore[" + String.join(", ", d.checks()) + "]' ")
                                        + why + "; remove it or correct it",
                                null,
                                List.of()));
                    }
                });
        return new Outcome(active, suppressed);
    }

    private static Directive first(List<Directive> ds, Finding f) {
        if (ds != null) {
            for (Directive d : ds) {
                if (d.covers(f)) {
                    return d;
                }
            }
        }
        return null;
    }

    /** Why {@code d} is worth a warning, or {@code null} when every check it names did something. */
    private static String idle(Directive d, Set<String> used, Predicate<String> runs) {
        if (d.problem() != null) {
            return "cannot be read: " + d.problem();
        }
        List<String> unknown = new ArrayList<>();
        List<String> idle = new ArrayList<>();
        for (String c : d.checks()) {
            if (Check.of(c).isEmpty()) {
                unknown.add(c);
            } else if (runs.test(c) && !used.contains(d.file() + "\u0000" + d.line() + "\u0000" + c)) {
                idle.add(c);
            }
        }
        if (!unknown.isEmpty()) {
            return "names unknown check(s) " + String.join(", ", unknown) + " (see 'revchain checks')";
        }
        if (!idle.isEmpty()) {
            return "suppresses no " + String.join(", ", idle) + " finding "
                    + (d.fileWide() ? "in this file" : "on line " + d.line());
        }
        return null;
    }

    /** The {@code [start, end)} of every comment, found between Python tokens (never inside a string). */
    static List<int[]> comments(String text) {
        List<int[]> out = new ArrayList<>();
        try {
            PythonTokenizer t = new PythonTokenizer(text);
            int prev = 0;
            for (; ; ) {
                int type = t.next();
                int start = type == PythonTokenizer.END ? text.length() : t.start();
                gap(text, prev, start, out);
                if (type == PythonTokenizer.END) {
                    return out;
                }
                prev = Math.max(prev, t.end());
            }
        } catch (PythonSyntaxError e) {
            // a file Python cannot read: only comments alone on their line are trusted
            out.clear();
            int i = 0;
            while (i < text.length()) {
                int end = lineEnd(text, i);
                String line = text.substring(i, end);
                if (line.strip().startsWith("#")) {
                    out.add(new int[] {i + line.indexOf('#'), end});
                }
                i = end + 1;
            }
            return out;
        }
    }

    private static void gap(String text, int from, int to, List<int[]> out) {
        int i = from;
        while (i < to) {
            if (text.charAt(i) == '#') {
                int end = Math.min(lineEnd(text, i), to);
                out.add(new int[] {i, end});
                i = end;
            } else {
                i++;
            }
        }
    }

    private static int lineEnd(String text, int from) {
        int i = from;
        while (i < text.length() && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
            i++;
        }
        return i;
    }

    private static int lineStart(String text, int at) {
        int i = at;
        while (i > 0 && text.charAt(i - 1) != '\n' && text.charAt(i - 1) != '\r') {
            i--;
        }
        return i;
    }

    /** Line breaks in {@code text[from, to)}; CRLF, CR and LF each end a line. */
    private static int breaks(String text, int from, int to) {
        int line = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
                line++;
            }
        }
        return line;
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
