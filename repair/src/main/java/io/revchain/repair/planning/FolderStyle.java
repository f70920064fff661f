package io.revchain.repair.planning;

import io.revchain.core.model.MigrationScript;
import io.revchain.core.parse.PyRepr;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides how a new revision file looks so that it matches its folder: rendered from the folder's
 * {@code script.py.mako} when that template uses only what Alembic's own templates use, else written in the style
 * most files use (annotated or plain assignments, single or double quotes). Also renders Python literals.
 *
 * @param typed    most files annotate their assignments ({@code revision: str = ...})
 * @param quote    the quote most files use
 * @param template the folder's {@code script.py.mako}, or {@code null}
 */
record FolderStyle(boolean typed, char quote, String template) {

    private static final Pattern TYPED = Pattern.compile("^\\s*revision\\s*:");
    private static final Pattern MAKO_EXPR = Pattern.compile("\\$\\{([^}]*)}");
    private static final Pattern WORD = Pattern.compile("\\w+", Pattern.UNICODE_CHARACTER_CLASS);
    private static final int SLUG_LENGTH = 40;

    /** Counts the folder's habits; ties go to Alembic's classic plain assignments and single quotes. */
    static FolderStyle infer(Workspace ws, String template) {
        int typed = 0;
        int plain = 0;
        int dq = 0;
        int sq = 0;
        for (MigrationScript s : ws.scripts()) {
            if (!ws.editable(s.path()) || s.revision().start() < 0) {
                continue;
            }
            String t = ws.text(s.path());
            int ls = t.lastIndexOf('\n', s.revision().start() - 1) + 1;
            if (TYPED.matcher(t.substring(ls, s.revision().start())).find()) {
                typed++;
            } else {
                plain++;
            }
            String src = s.revision().source();
            if (src != null
                    && src.indexOf('"') >= 0
                    && (src.indexOf('\'') < 0 || src.indexOf('"') < src.indexOf('\''))) {
                dq++;
            } else if (src != null && src.indexOf('\'') >= 0) {
                sq++;
            }
        }
        return new FolderStyle(typed > plain, dq > sq ? '"' : '\'', usable(template) ? template : null);
    }

    /** A Python literal for a revision tuple: {@code None}, {@code 'a'}, or {@code ('a', 'b')}. */
    static String literal(List<String> values, char quote) {
        if (values.isEmpty()) {
            return "None";
        }
        if (values.size() == 1) {
            return PyRepr.quoted(values.get(0), quote);
        }
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < values.size(); i++) {
            b.append(i > 0 ? ", " : "").append(PyRepr.quoted(values.get(i), quote));
        }
        return b.append(')').toString();
    }

    /**
     * A repository string (a revision id, a message quoting one) made safe inside a generated docstring: it can
     * neither end the docstring ({@code """}) nor start a new line, whatever the string holds, in a plain or a raw
     * triple-quoted string. Ordinary ids are unchanged.
     */
    static String docText(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (c == '\\' || c == '"' || c == '\'') {
                b.append('\\').append(c);
            } else if (PyRepr.isControl(c) || c == '\u2028' || c == '\u2029') {
                b.append(c <= 0xff ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** Alembic's file name: {@code <rev>_<slug>.py}, the slug cut at 40 characters as Alembic cuts it. */
    static String fileName(String rev, String message) {
        String slug = slug(message);
        StringBuilder safe = new StringBuilder();
        for (char c : rev.toCharArray()) {
            safe.append(Character.isLetterOrDigit(c) || c == '_' || c == '.' ? c : '_');
        }
        return safe + "_" + slug + ".py";
    }

    static String slug(String message) {
        StringBuilder b = new StringBuilder();
        Matcher m = WORD.matcher(message == null ? "" : message);
        while (m.find()) {
            b.append(b.length() > 0 ? "_" : "").append(m.group());
        }
        String slug = b.toString().toLowerCase(Locale.ROOT);
        if (slug.length() > SLUG_LENGTH) {
            String cut = slug.substring(0, SLUG_LENGTH);
            int i = cut.lastIndexOf('_');
            slug = (i < 0 ? cut : cut.substring(0, i)) + "_";
        }
        return slug;
    }

    /** Whether the template uses only expressions this renderer knows (else the folder's style is used). */
    static boolean usable(String template) {
        if (template == null || template.isBlank() || template.contains("<%") || template.contains("%>")) {
            return false;
        }
        for (String line : template.split("\n", -1)) {
            String t = line.strip();
            if (t.startsWith("%") || t.startsWith("##") || line.endsWith("\\")) {
                return false;
            }
        }
        Matcher m = MAKO_EXPR.matcher(template);
        while (m.find()) {
            if (expr(m.group(1).strip(), "x", List.of(), "m", "d") == null) {
                return false;
            }
        }
        return template.contains("\"\"\"");
    }

    private static String expr(String e, String id, List<String> down, String message, String date) {
        Map<String, String> known = Map.ofEntries(
                Map.entry("message", docText(message)),
                Map.entry("up_revision", docText(id)),
                Map.entry(
                        "down_revision | comma,n",
                        String.join(
                                ", ", down.stream().map(FolderStyle::docText).toList())),
                Map.entry("create_date", docText(date)),
                Map.entry("repr(up_revision)", PyRepr.of(id)),
                Map.entry("repr(down_revision)", reprTuple(down)),
                Map.entry("repr(branch_labels)", "None"),
                Map.entry("repr(depends_on)", "None"),
                Map.entry("branch_labels | comma,n", ""),
                Map.entry("imports if imports else \"\"", ""),
                Map.entry("upgrades if upgrades else \"pass\"", "pass"),
                Map.entry("downgrades if downgrades else \"pass\"", "pass"));
        return known.get(e.replaceAll("\\s+", " "));
    }

    private static String reprTuple(List<String> down) {
        if (down.isEmpty()) {
            return "None";
        }
        if (down.size() == 1) {
            return PyRepr.of(down.get(0));
        }
        return "(" + String.join(", ", down.stream().map(PyRepr::of).toList()) + ")";
    }

    /** The text of a new revision with empty {@code upgrade}/{@code downgrade}. */
    String render(String id, List<String> down, String message, String createDate) {
        if (template != null) {
            Matcher m = MAKO_EXPR.matcher(template);
            StringBuilder b = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(
                        b, Matcher.quoteReplacement(expr(m.group(1).strip(), id, down, message, createDate)));
            }
            m.appendTail(b);
            return b.toString();
        }
        StringBuilder b = new StringBuilder();
        // the docstring quotes repository strings: each made unable to end it or to start a line
        b.append("\"\"\"").append(docText(message)).append("\n\n");
        b.append("Revision ID: ").append(docText(id)).append('\n');
        b.append("Revises: ")
                .append(String.join(
                        ", ", down.stream().map(FolderStyle::docText).toList()))
                .append('\n');
        b.append("Create Date: ").append(createDate).append("\n\n\"\"\"\n");
        if (typed) {
            b.append("from typing import Sequence, Union\n\n");
        }
        b.append("from alembic import op\nimport sqlalchemy as sa\n\n\n");
        b.append("# revision identifiers, used by Alembic.\n");
        if (typed) {
            b.append("revision: str = ").append(PyRepr.quoted(id, quote)).append('\n');
            b.append("down_revision: Union[str, Sequence[str], None] = ")
                    .append(literal(down, quote))
                    .append('\n');
            b.append("branch_labels: Union[str, Sequence[str], None] = None\n");
            b.append("depends_on: Union[str, Sequence[str], None] = None\n");
        } else {
            b.append("revision = ").append(PyRepr.quoted(id, quote)).append('\n');
            b.append("down_revision = ").append(literal(down, quote)).append('\n');
            b.append("branch_labels = None\n");
            b.append("depends_on = None\n");
        }
        String ret = typed ? " -> None" : "";
        b.append("\n\ndef upgrade()")
                .append(ret)
                .append(":\n    pass\n\n\ndef downgrade()")
                .append(ret)
                .append(":\n    pass\n");
        return b.toString();
    }
}
