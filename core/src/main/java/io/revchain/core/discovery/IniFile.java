package io.revchain.core.discovery;

import io.revchain.core.parse.PyRepr;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An {@code .ini} file read the way Python 3's {@code configparser.ConfigParser} (strict mode,
 * {@code BasicInterpolation}) reads it, which is how Alembic reads {@code alembic.ini}.
 *
 * <p>It decides: which lines are sections, options and continuation lines; option names are lower-cased; a
 * {@code [DEFAULT]} section and the constructor defaults (Alembic's {@code here}) are visible in every section;
 * {@code %(name)s} and {@code %%} are expanded on {@link #get}. Parse errors carry the 1-based line and the text
 * Python would print. Pure: no I/O.
 */
public final class IniFile {

    /** One {@code name = value} entry; {@code line} is 1-based, 0 for a constructor default. */
    public record Option(String name, String rawValue, int line) {}

    /** A parse or interpolation failure, worded like Python's {@code configparser} error. */
    public record Problem(int line, String message) {}

    /** Result of {@link #get}: either a value or the interpolation problem. */
    public record Value(String value, Problem problem) {
        public boolean ok() {
            return problem == null;
        }
    }

    private static final Pattern SECTION = Pattern.compile("\\[(?<header>.+)\\]");
    private static final Pattern KEY = Pattern.compile("%\\(([^)]+)\\)s");
    private static final int MAX_DEPTH = 10;
    private static final String DEFAULT_SECTION = "DEFAULT";

    private final String fileName;
    private final Map<String, Option> defaults;
    private final Map<String, Map<String, Option>> sections;
    private final Map<String, Integer> sectionLines;
    private final List<Problem> problems;

    private IniFile(
            String fileName,
            Map<String, Option> defaults,
            Map<String, Map<String, Option>> sections,
            Map<String, Integer> sectionLines,
            List<Problem> problems) {
        this.fileName = fileName;
        this.defaults = defaults;
        this.sections = sections;
        this.sectionLines = sectionLines;
        this.problems = List.copyOf(problems);
    }

    /**
     * Parses {@code text}. Like Python, a missing section header or a duplicate section/option stops the parse
     * (one problem, earlier content kept); unparsable lines are collected and parsing goes on.
     *
     * @param fileName    the name shown in messages (Python shows the path it was given)
     * @param text        the file's text
     * @param constructorDefaults defaults passed to {@code ConfigParser(...)} (Alembic passes {@code here})
     */
    public static IniFile parse(String fileName, String text, Map<String, String> constructorDefaults) {
        Map<String, Pending> defaults = new LinkedHashMap<>();
        constructorDefaults.forEach((k, v) -> defaults.put(k.toLowerCase(Locale.ROOT), new Pending(v, 0)));
        Map<String, Map<String, Pending>> sections = new LinkedHashMap<>();
        Map<String, Integer> sectionLines = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        Set<String> added = new HashSet<>();
        Map<String, Pending> cursect = null;
        String sectname = null;
        String optname = null;
        int indentLevel = 0;
        String[] lines = text.split("\r\n|\r|\n", -1);
        int count = text.isEmpty() || text.endsWith("\n") || text.endsWith("\r") ? lines.length - 1 : lines.length;
        for (int i = 0; i < count; i++) {
            int lineno = i + 1;
            String line = lines[i];
            String stripped = line.strip();
            boolean comment = stripped.startsWith("#") || stripped.startsWith(";");
            String value = comment ? "" : stripped;
            boolean inValue = cursect != null && optname != null && !optname.isEmpty();
            if (value.isEmpty()) {
                // configparser keeps blank lines inside multi-line values (joined, then right-stripped)
                if (!comment && inValue) {
                    cursect.get(optname).parts.add("");
                }
                continue;
            }
            int indent = firstNonSpace(line);
            if (inValue && indent > indentLevel) {
                cursect.get(optname).parts.add(value);
                continue;
            }
            indentLevel = indent;
            Matcher sm = SECTION.matcher(value);
            if (sm.lookingAt()) {
                sectname = sm.group("header");
                if (sections.containsKey(sectname)) {
                    problems.add(new Problem(
                            lineno,
                            "While reading from " + PyRepr.of(fileName) + " [line " + pad2(lineno) + "]: section "
                                    + PyRepr.of(sectname) + " already exists"));
                    break;
                } else if (sectname.equals(DEFAULT_SECTION)) {
                    cursect = defaults;
                } else {
                    cursect = new LinkedHashMap<>();
                    sections.put(sectname, cursect);
                    sectionLines.put(sectname, lineno);
                }
                optname = null;
            } else if (cursect == null) {
                problems.add(new Problem(
                        lineno,
                        "File contains no section headers. file: " + PyRepr.of(fileName) + ", line: " + lineno + " "
                                + PyRepr.of(line + "\n")));
                break;
            } else {
                String[] om = splitOption(value);
                if (om != null) {
                    String option = om[0];
                    if (option.isEmpty()) {
                        problems.add(parsingError(fileName, lineno, line));
                    }
                    optname = option.stripTrailing().toLowerCase(Locale.ROOT);
                    if (!added.add(sectname + "\u0000" + optname)) {
                        problems.add(new Problem(
                                lineno,
                                "While reading from " + PyRepr.of(fileName) + " [line "
                                        + pad2(lineno) + "]: option " + PyRepr.of(optname) + " in section "
                                        + PyRepr.of(sectname) + " already exists"));
                        break;
                    }
                    cursect.put(optname, new Pending(om[1].strip(), lineno));
                } else {
                    problems.add(parsingError(fileName, lineno, line));
                }
            }
        }
        Map<String, Map<String, Option>> frozen = new LinkedHashMap<>();
        sections.forEach((name, opts) -> frozen.put(name, freeze(opts)));
        return new IniFile(fileName, freeze(defaults), frozen, sectionLines, problems);
    }

    /**
     * {@code (?<option>.*?)\s*(?<vi>[=:])\s*(?<value>.*)$} matched at the start of a line, in linear time (the regex
     * backtracks quadratically over a long run of spaces): {option, value}, or {@code null} without a delimiter.
     */
    static String[] splitOption(String line) {
        int d = -1;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '=' || c == ':') {
                d = i;
                break;
            }
            if (c == '\u0085' || c == '\u2028' || c == '\u2029') {
                // '.' does not match these: the regex finds no option on this line
                return null;
            }
        }
        if (d < 0) {
            return null;
        }
        int k = d;
        while (k > 0 && isRegexSpace(line.charAt(k - 1))) {
            k--;
        }
        int v = d + 1;
        while (v < line.length() && isRegexSpace(line.charAt(v))) {
            v++;
        }
        String value = line.substring(v);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\u0085' || c == '\u2028' || c == '\u2029') {
                // '.*' stops there; '$' matches only before a terminator that ends the line
                if (i != value.length() - 1) {
                    return null;
                }
                value = value.substring(0, i);
            }
        }
        return new String[] {line.substring(0, k), value};
    }

    private static boolean isRegexSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    /** An option whose continuation lines are still being collected. */
    private static final class Pending {
        final List<String> parts = new ArrayList<>();
        final int line;

        Pending(String first, int line) {
            parts.add(first);
            this.line = line;
        }
    }

    private static Map<String, Option> freeze(Map<String, Pending> opts) {
        Map<String, Option> out = new LinkedHashMap<>();
        opts.forEach((k, p) ->
                out.put(k, new Option(k, String.join("\n", p.parts).stripTrailing(), p.line)));
        return out;
    }

    private static Problem parsingError(String fileName, int lineno, String line) {
        return new Problem(
                lineno,
                "Source contains parsing errors: " + PyRepr.of(fileName) + " [line " + pad2(lineno) + "]: "
                        + PyRepr.of(line + "\n"));
    }

    private static String pad2(int n) {
        return n < 10 ? " " + n : Integer.toString(n);
    }

    private static int firstNonSpace(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (!Character.isWhitespace(line.charAt(i))) {
                return i;
            }
        }
        return 0;
    }

    /** Problems met while parsing, in file order. */
    public List<Problem> problems() {
        return problems;
    }

    /** Every section's name, in file order (not {@code DEFAULT}). */
    public List<String> sections() {
        return List.copyOf(sections.keySet());
    }

    /** Whether {@code section} itself sets {@code name} (defaults not counted). */
    public boolean ownsOption(String section, String name) {
        Map<String, Option> s = sections.get(section);
        return s != null && s.containsKey(name.toLowerCase(Locale.ROOT));
    }

    public boolean hasSection(String section) {
        return sections.containsKey(section);
    }

    /** 1-based line of a section header, 0 when absent. */
    public int sectionLine(String section) {
        return sectionLines.getOrDefault(section, 0);
    }

    /** The option as written (section first, then defaults), if present. */
    public Optional<Option> option(String section, String name) {
        String key = name.toLowerCase(Locale.ROOT);
        Map<String, Option> s = sections.get(section);
        if (s != null && s.containsKey(key)) {
            return Optional.of(s.get(key));
        }
        return Optional.ofNullable(defaults.get(key));
    }

    /** The names of every option visible in {@code section} (its own, then defaults). */
    public List<String> optionNames(String section) {
        Map<String, Option> merged = new LinkedHashMap<>();
        Map<String, Option> s = sections.get(section);
        if (s != null) {
            merged.putAll(s);
        }
        defaults.forEach(merged::putIfAbsent);
        return List.copyOf(merged.keySet());
    }

    /**
     * The interpolated value, like {@code ConfigParser.get(section, name)}; {@code null} value and problem when
     * the option is absent.
     */
    public Value get(String section, String name) {
        Optional<Option> opt = option(section, name);
        if (opt.isEmpty()) {
            return new Value(null, null);
        }
        Option o = opt.get();
        StringBuilder out = new StringBuilder();
        try {
            interpolate(section, o.name(), out, o.rawValue(), o.rawValue(), 1);
        } catch (InterpolationException e) {
            return new Value(null, new Problem(o.line(), e.getMessage()));
        }
        return new Value(out.toString(), null);
    }

    private static final class InterpolationException extends Exception {
        InterpolationException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The work one {@link #get} may do: {@code %(name)s} may name an option that names another ten times, so a
     * 600-byte file can expand to gigabytes within the depth limit. A value longer than this is refused.
     */
    public static final int MAX_EXPANDED_CHARS = 64 * 1024;
    /** Substitutions one {@link #get} may make (references to empty options expand to nothing, but cost time). */
    public static final int MAX_SUBSTITUTIONS = 10_000;
    /** How the problem of a value over the budget begins (it is revchain's limit, not a configparser error). */
    public static final String BUDGET = "Expansion limit exceeded: ";

    /** The substitutions made so far by one {@link #get}. */
    private static final class Budget {
        int substitutions;
    }

    private void interpolate(String section, String option, StringBuilder accum, String rest, String rawval, int depth)
            throws InterpolationException {
        interpolate(section, option, accum, rest, rawval, depth, new Budget());
    }

    private InterpolationException overBudget(String section, String option, String what) {
        return new InterpolationException(BUDGET + "option " + PyRepr.of(option) + " in section "
                + PyRepr.of(section) + " " + what + "; revchain does not expand it (Python would build the whole "
                + "value in memory)");
    }

    private void interpolate(
            String section, String option, StringBuilder accum, String rest, String rawval, int depth, Budget budget)
            throws InterpolationException {
        if (depth > MAX_DEPTH) {
            throw new InterpolationException("Recursion limit exceeded in value substitution: option "
                    + PyRepr.of(option) + " in section " + PyRepr.of(section) + " contains an interpolation key "
                    + "which cannot be substituted in " + MAX_DEPTH + " steps. Raw value: " + PyRepr.of(rawval));
        }
        // positions in rest instead of substrings: a long value costs linear time, not quadratic
        int at = 0;
        int n = rest.length();
        Matcher m = KEY.matcher(rest);
        while (at < n) {
            int p = rest.indexOf('%', at);
            if (p < 0) {
                append(accum, rest, at, n, section, option);
                return;
            }
            if (p > at) {
                append(accum, rest, at, p, section, option);
                at = p;
            }
            char c = at + 1 < n ? rest.charAt(at + 1) : '\0';
            if (at + 1 < n && c == '%') {
                append(accum, "%", 0, 1, section, option);
                at += 2;
            } else if (at + 1 < n && c == '(') {
                m.region(at, n);
                if (!m.lookingAt()) {
                    throw new InterpolationException(
                            "bad interpolation variable reference " + PyRepr.of(rest.substring(at)));
                }
                String var = m.group(1).toLowerCase(Locale.ROOT);
                at = m.end();
                if (++budget.substitutions > MAX_SUBSTITUTIONS) {
                    throw overBudget(section, option, "needs more than " + MAX_SUBSTITUTIONS + " substitutions");
                }
                Optional<Option> ref = option(section, var);
                if (ref.isEmpty()) {
                    throw new InterpolationException("Bad value substitution: option " + PyRepr.of(option)
                            + " in section " + PyRepr.of(section) + " contains an interpolation key "
                            + PyRepr.of(var) + " which is not a valid option name. Raw value: " + PyRepr.of(rawval));
                }
                String v = ref.get().rawValue();
                if (v.indexOf('%') >= 0) {
                    interpolate(section, option, accum, v, rawval, depth + 1, budget);
                } else {
                    append(accum, v, 0, v.length(), section, option);
                }
            } else {
                throw new InterpolationException(
                        "'%' must be followed by '%' or '(', found: " + PyRepr.of(rest.substring(at)));
            }
        }
    }

    private void append(StringBuilder accum, String s, int from, int to, String section, String option)
            throws InterpolationException {
        if (accum.length() + (to - from) > MAX_EXPANDED_CHARS) {
            throw overBudget(section, option, "expands to more than " + MAX_EXPANDED_CHARS + " characters");
        }
        accum.append(s, from, to);
    }

    public String fileName() {
        return fileName;
    }
}
