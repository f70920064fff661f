package io.revchain.repair.planning;

import io.revchain.core.model.Docstring;
import io.revchain.core.model.Field;
import io.revchain.core.model.MigrationScript;
import io.revchain.core.parse.MigrationParser;
import io.revchain.core.parse.PythonSyntaxError;
import io.revchain.core.parse.SourceDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The chain's files in memory while a plan is built: each edit changes the text and re-parses the file, so the
 * next edit works on exact offsets. Decides which files can be edited at all: only UTF-8 text (a BOM is kept)
 * whose decoded form is what the parser saw.
 */
final class Workspace {

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    /** One file: where it came from and what it holds now. */
    static final class Entry {
        final String origPath;
        final byte[] origBytes;
        final boolean bom;
        final boolean editable;
        String text;
        MigrationScript script;

        Entry(String origPath, byte[] origBytes, boolean bom, boolean editable, String text) {
            this.origPath = origPath;
            this.origBytes = origBytes;
            this.bom = bom;
            this.editable = editable;
            this.text = text;
        }

        byte[] bytes() {
            if (!editable) {
                return origBytes;
            }
            byte[] t = text.getBytes(StandardCharsets.UTF_8);
            if (!bom) {
                return t;
            }
            byte[] out = Arrays.copyOf(BOM, BOM.length + t.length);
            System.arraycopy(t, 0, out, BOM.length, t.length);
            return out;
        }
    }

    private final MigrationParser parser;
    private final List<String> locations;
    private final Map<String, Entry> files = new LinkedHashMap<>();

    Workspace(List<SourceText> sources, List<String> locations, String marker) {
        this.parser = new MigrationParser(marker);
        this.locations = List.copyOf(locations);
        for (SourceText s : sources) {
            byte[] b = s.bytes();
            boolean bom = b.length >= 3 && b[0] == BOM[0] && b[1] == BOM[1] && b[2] == BOM[2];
            String plain = new String(b, bom ? 3 : 0, b.length - (bom ? 3 : 0), StandardCharsets.UTF_8);
            boolean editable;
            try {
                // editable only when re-encoding gives the same bytes and the parser saw the same text
                editable = Arrays.equals(
                                plain.getBytes(StandardCharsets.UTF_8), Arrays.copyOfRange(b, bom ? 3 : 0, b.length))
                        && SourceDecoder.decode(b).equals(plain);
            } catch (PythonSyntaxError e) {
                editable = false;
            }
            Entry e = new Entry(s.path(), b, bom, editable, plain);
            e.script = parser.parse(s.path(), b);
            files.put(s.path(), e);
        }
    }

    /** Current scripts in the order Alembic loads them: version location order, then file name. */
    List<MigrationScript> scripts() {
        List<String> paths = new ArrayList<>(files.keySet());
        paths.sort(Comparator.comparingInt(this::locationIndex).thenComparing(Comparator.naturalOrder()));
        List<MigrationScript> out = new ArrayList<>();
        for (String p : paths) {
            out.add(files.get(p).script);
        }
        return out;
    }

    private int locationIndex(String path) {
        int best = locations.size();
        int bestLen = -1;
        for (int i = 0; i < locations.size(); i++) {
            String loc = locations.get(i);
            String prefix = loc.equals(".") ? "" : loc + "/";
            if (path.startsWith(prefix) && prefix.length() > bestLen) {
                best = i;
                bestLen = prefix.length();
            }
        }
        return best;
    }

    MigrationScript script(String path) {
        return files.get(path).script;
    }

    boolean editable(String path) {
        Entry e = files.get(path);
        return e != null && e.editable;
    }

    boolean exists(String path) {
        return files.containsKey(path);
    }

    String text(String path) {
        return files.get(path).text;
    }

    /** All current paths. */
    List<String> paths() {
        return List.copyOf(files.keySet());
    }

    /** The first version location: where new files go. */
    String newFileFolder() {
        return locations.isEmpty() ? "." : locations.get(0);
    }

    void create(String path, String text) {
        Entry e = new Entry(null, null, false, true, text);
        files.put(path, e);
        reparse(path, e);
    }

    void rename(String path, String newPath) {
        Entry e = files.remove(path);
        files.put(newPath, e);
        reparse(newPath, e);
    }

    /** Replaces {@code text[start, end)}; false when the file cannot be edited. */
    boolean replace(String path, int start, int end, String replacement) {
        Entry e = files.get(path);
        if (e == null || !e.editable || start < 0 || end < start || end > e.text.length()) {
            return false;
        }
        e.text = e.text.substring(0, start) + replacement + e.text.substring(end);
        reparse(path, e);
        return true;
    }

    private void reparse(String path, Entry e) {
        e.script = parser.parse(path, e.bytes());
    }

    // ---- edits that know Python -----------------------------------------------------------------------------

    /** Sets a field's value to a Python literal; inserts {@code down_revision} after {@code revision} if absent. */
    boolean setField(String path, Field f, String literal) {
        if (f.isPresent() && f.start() >= 0) {
            return replace(path, f.start(), f.end(), literal);
        }
        Field rev = script(path).revision();
        if (!rev.isPresent() || rev.end() < 0) {
            return false;
        }
        String t = text(path);
        int eol = t.indexOf('\n', rev.end());
        int at = eol < 0 ? t.length() : eol;
        String nl = eol > 0 && t.charAt(eol - 1) == '\r' ? "\r\n" : "\n";
        if (eol > 0 && t.charAt(eol - 1) == '\r') {
            at = eol - 1;
        }
        return replace(path, at, at, nl + f.name() + " = " + literal);
    }

    /** Rewrites the value of a docstring header line ({@code Revision ID:} or {@code Revises:}). */
    boolean setDocLine(String path, int line, String label, String value) {
        if (line <= 0) {
            return false;
        }
        String t = text(path);
        int start = 0;
        for (int i = 1; i < line; i++) {
            start = t.indexOf('\n', start) + 1;
            if (start == 0) {
                return false;
            }
        }
        int end = t.indexOf('\n', start);
        end = end < 0 ? t.length() : end;
        String lineText = t.substring(start, end);
        Matcher m = Pattern.compile("(?i)^(\\s*" + Pattern.quote(label) + "\\s*:)([^\\r]*)")
                .matcher(lineText);
        if (!m.find()) {
            return false;
        }
        String keep = m.group(1);
        String safe = FolderStyle.docText(value);
        return replace(path, start, start + m.end(), keep + (safe.isEmpty() ? " " : " " + safe));
    }

    /**
     * Adds a paragraph at the end of the module docstring (before its closing quotes); without a usable
     * triple-quoted docstring, appends it as comment lines at the end of the file.
     */
    boolean appendToDocstring(String path, String paragraph) {
        Docstring d = script(path).docstring();
        String t = text(path);
        // a paragraph quoting repository strings (ids, paths, the marker) is escaped line by line; one that needed
        // escaping goes to comment lines, where the escapes stay visible and nothing can end a string or a line
        String[] lines = paragraph.split("\n", -1);
        boolean hostile = false;
        for (int i = 0; i < lines.length; i++) {
            String safe = FolderStyle.docText(lines[i]);
            hostile |= !safe.equals(lines[i]);
            lines[i] = safe;
        }
        if (!hostile && d.start() >= 0 && d.end() <= t.length() && d.end() - d.start() >= 6) {
            String tok = t.substring(d.start(), d.end());
            String close = tok.endsWith("\"\"\"") ? "\"\"\"" : tok.endsWith("'''") ? "'''" : null;
            boolean escapes = paragraph.contains("\\") || close != null && paragraph.contains(close);
            if (close != null && !escapes) {
                int at = d.end() - 3;
                String before = t.substring(d.start(), at);
                String lead = before.endsWith("\n\n") ? "" : before.endsWith("\n") ? "\n" : "\n\n";
                return replace(path, at, at, lead + paragraph + "\n");
            }
        }
        StringBuilder b = new StringBuilder(t.isEmpty() || t.endsWith("\n") ? "" : "\n");
        for (String line : lines) {
            b.append("# ").append(line).append('\n');
        }
        return replace(path, t.length(), t.length(), b.toString());
    }

    /** The preferred quote of a file: the one its own revision variables use, else the folder's. */
    char quoteOf(String path, char fallback) {
        MigrationScript s = script(path);
        for (Field f : List.of(s.downRevision(), s.revision(), s.branchLabels())) {
            if (f.source() != null) {
                for (char c : f.source().toCharArray()) {
                    if (c == '\'' || c == '"') {
                        return c;
                    }
                }
            }
        }
        return fallback;
    }

    /** Every change against the original files, sorted by new path. */
    List<FileChange> changes() {
        List<FileChange> out = new ArrayList<>();
        for (Map.Entry<String, Entry> me : files.entrySet()) {
            Entry e = me.getValue();
            byte[] now = e.bytes();
            if (e.origPath == null || !e.origPath.equals(me.getKey()) || !Arrays.equals(e.origBytes, now)) {
                out.add(new FileChange(e.origPath, me.getKey(), e.origBytes, now));
            }
        }
        out.sort(Comparator.comparing(FileChange::newPath));
        return out;
    }

    /** The original path of a current file ({@code null} for a new one). */
    String originalPath(String path) {
        Entry e = files.get(path);
        return e == null ? null : e.origPath;
    }
}
