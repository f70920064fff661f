package io.revchain.core.parse;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Writes random but plausible Alembic migration files: every assignment style, quoting, prefix, escape, comment,
 * tuple shape, annotation, conditional block, line ending, BOM and coding declaration the parser must handle,
 * plus non-literal and wrongly typed values. Deterministic for a given seed.
 */
final class MigrationFileGenerator {
    private static final String[] NAMES = {"revision", "down_revision", "branch_labels", "depends_on"};
    private static final String[] WORDS = {
        "add", "user", "table", "index", "drop", "column", "café", "naïve", "größe", "日本", "emoji😀", "merge", "heads",
        "fix", "x_1"
    };
    private static final String[] ANNOTATIONS = {
        "str",
        "Union[str, None]",
        "Union[str, Sequence[str], None]",
        "str | Sequence[str] | None",
        "Optional[Tuple[str, ...]]",
        "'str'"
    };

    private final Random r;
    private boolean latin1;

    MigrationFileGenerator(long seed) {
        this.r = new Random(seed);
    }

    /** One file's bytes. */
    byte[] next() {
        latin1 = r.nextInt(8) == 0;
        String nl = pick("\n", "\n", "\n", "\r\n", "\r");
        StringBuilder b = new StringBuilder();
        if (latin1) {
            b.append(pick("# -*- coding: latin-1 -*-", "# vim: set fileencoding=iso-8859-1 :", "#coding=latin1"))
                    .append(nl);
        } else if (r.nextInt(10) == 0) {
            b.append(pick("#!/usr/bin/env python", ""))
                    .append(nl)
                    .append("# -*- coding: utf-8 -*-")
                    .append(nl);
        }
        if (r.nextInt(4) > 0) {
            docstring(b, nl);
        }
        if (r.nextBoolean()) {
            b.append("from __future__ import annotations").append(nl);
        }
        b.append(pick("from alembic import op", "import sqlalchemy as sa", "from typing import Sequence, Union"))
                .append(nl)
                .append(nl);
        if (r.nextBoolean()) {
            b.append("# revision identifiers, used by Alembic.").append(nl);
        }
        int statements = 2 + r.nextInt(7);
        for (int i = 0; i < statements; i++) {
            statement(b, nl);
        }
        if (r.nextBoolean()) {
            b.append(nl)
                    .append(nl)
                    .append("def upgrade()")
                    .append(r.nextBoolean() ? " -> None" : "")
                    .append(":")
                    .append(nl)
                    .append("    ")
                    .append(name())
                    .append(" = 'inside_function'")
                    .append(nl)
                    .append("    op.execute(\"SELECT 1\")")
                    .append(nl);
        }
        if (r.nextInt(3) == 0) {
            statement(b, nl);
        }
        if (r.nextInt(25) == 0) {
            // something CPython's tokenizer refuses: both readers must reject the file
            b.append(pick(
                            "revision = 'abc",
                            "    x = 1",
                            "x = (1,",
                            "y = 1)",
                            "z = '\\x4'",
                            "w = b'\u00e9'",
                            "v = 'a' b'b'",
                            "u = [1, 2)",
                            "t = '''never closed",
                            "s = 1 $ 2",
                            "q = \\ 1"))
                    .append(nl);
        }
        String text = b.toString();
        byte[] body = text.getBytes(latin1 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        if (!latin1 && r.nextInt(10) == 0) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(0xEF);
            out.write(0xBB);
            out.write(0xBF);
            out.writeBytes(body);
            return out.toByteArray();
        }
        return body;
    }

    private void docstring(StringBuilder b, String nl) {
        String q = pick("\"\"\"", "'''");
        String prefix = pick("", "", "", "r", "u", "R", "U");
        if (r.nextInt(6) == 0) {
            String q1 = pick("\"", "'");
            b.append(prefix)
                    .append(q1)
                    .append(word())
                    .append(" ")
                    .append(word())
                    .append(q1)
                    .append(nl);
            return;
        }
        boolean paren = r.nextInt(8) == 0;
        if (paren) {
            b.append("(");
        }
        b.append(prefix)
                .append(q)
                .append(pick("", " ", "\t"))
                .append(word())
                .append(" ")
                .append(word());
        if (r.nextBoolean()) {
            b.append(nl).append(word()).append(" continues");
        }
        b.append(nl).append(nl);
        b.append(pick("Revision ID: ", "Revision ID:", "revision id :  ", "  Revision ID: "))
                .append(hex())
                .append(pick("", " ", "\t"))
                .append(nl);
        b.append(pick("Revises: ", "Revises:", "Revises: "))
                .append(pick("", hex(), hex() + ", " + hex()))
                .append(nl);
        if (r.nextBoolean()) {
            b.append("Create Date: 2024-0")
                    .append(1 + r.nextInt(9))
                    .append("-1")
                    .append(r.nextInt(10))
                    .append(" 12:00:00.000000")
                    .append(nl);
        }
        b.append(pick("", nl, nl + "  ")).append(q);
        if (paren) {
            b.append(")");
        }
        b.append(nl);
    }

    private void statement(StringBuilder b, String nl) {
        String name = name();
        switch (r.nextInt(20)) {
            case 0 ->
                b.append("if TYPE_CHECKING:")
                        .append(nl)
                        .append("    ")
                        .append(name)
                        .append(" = ")
                        .append(value(nl))
                        .append(nl);
            case 1 ->
                b.append("try:")
                        .append(nl)
                        .append("    ")
                        .append(name)
                        .append(" = ")
                        .append(value(nl))
                        .append(nl)
                        .append("except ImportError:")
                        .append(nl)
                        .append("    pass")
                        .append(nl);
            case 2 ->
                b.append(name).append(" = ").append(value(nl)).append("; x = 1").append(nl);
            case 3 ->
                b.append(name)
                        .append(", other = ")
                        .append(value(nl))
                        .append(", None")
                        .append(nl);
            case 4 ->
                b.append(name)
                        .append(" = ")
                        .append(name())
                        .append(" = ")
                        .append(value(nl))
                        .append(nl);
            case 5 ->
                b.append(name)
                        .append(" = \\")
                        .append(nl)
                        .append("    ")
                        .append(value(nl))
                        .append(nl);
            case 6 ->
                b.append(name)
                        .append(": ")
                        .append(pick(ANNOTATIONS))
                        .append(" = ")
                        .append(value(nl))
                        .append(pick("", "  # noqa"))
                        .append(nl);
            case 7 ->
                b.append("with ctx:")
                        .append(nl)
                        .append("    ")
                        .append(name)
                        .append(" = ")
                        .append(value(nl))
                        .append(nl);
            case 8 -> b.append("from .common import ").append(name).append(nl);
            case 9 -> b.append("x: int").append(nl).append(name).append(": str").append(nl);
            default ->
                b.append(name)
                        .append(pick(" = ", "=", " =  "))
                        .append(value(nl))
                        .append(pick("", "", "  # trailing comment", " # é"))
                        .append(nl);
        }
        if (r.nextInt(4) == 0) {
            b.append(pick("", "# a comment", "   ", "    # indented comment")).append(nl);
        }
    }

    private String value(String nl) {
        return switch (r.nextInt(24)) {
            case 0 -> "None";
            case 1 -> "()";
            case 2 -> "[]";
            case 3 -> "''";
            case 4 -> "(" + str() + ",)";
            case 5 -> "(" + str() + ", " + str() + ")";
            case 6 -> "[" + str() + ", " + str() + pick("", ",") + "]";
            case 7 -> "(" + nl + "    " + str() + ",  # first" + nl + "    " + str() + "," + nl + ")";
            case 8 -> "(" + str() + ")";
            case 9 -> str() + " " + str();
            case 10 ->
                pick(
                        "cli.EXPAND_BRANCH",
                        "(cli.EXPAND_BRANCH,)",
                        "get_rev()",
                        "f'{x}'",
                        str() + " + x",
                        "'%s' % x",
                        str() + " if X else None",
                        "PREFIX + '01'",
                        "[r for r in R]");
            case 11 ->
                pick(
                        "12",
                        "True",
                        "(" + str() + ", 1)",
                        "((" + str() + ",),)",
                        "b'abc'",
                        "-1",
                        "1.5",
                        "{'a': 1}",
                        "...");
            case 12 -> str() + ", " + str();
            case 13 -> "{" + str() + "}";
            case 14 -> "(" + str() + nl + "     " + str() + ")";
            case 15 -> "[" + str() + ", " + str() + ", " + str().replace("'", "\"") + "]";
            default -> str();
        };
    }

    private String str() {
        String v = switch (r.nextInt(10)) {
            case 0 -> word();
            case 1 -> hex() + "_" + word();
            default -> hex();
        };
        String prefix = pick("", "", "", "", "r", "u", "R", "U");
        String quote = pick("'", "\"", "'", "\"", "'''", "\"\"\"");
        if (prefix.isEmpty() && r.nextInt(6) == 0) {
            v = escape(v);
        }
        return prefix + quote + v + quote;
    }

    private String escape(String v) {
        StringBuilder b = new StringBuilder();
        for (char c : v.toCharArray()) {
            if (Character.isSurrogate(c)) {
                b.append(c);
                continue;
            }
            switch (r.nextInt(6)) {
                case 0 -> b.append(c < 0x100 ? String.format("\\x%02x", (int) c) : String.valueOf(c));
                case 1 -> b.append(String.format("\\u%04x", (int) c));
                case 2 -> b.append(c < 0x80 ? String.format("\\%03o", (int) c) : String.valueOf(c));
                case 3 -> b.append(c == 'a' ? "\\N{LATIN SMALL LETTER A}" : String.valueOf(c));
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private String word() {
        String w = pick(WORDS);
        if (latin1) {
            Charset l1 = StandardCharsets.ISO_8859_1;
            return l1.newEncoder().canEncode(w) ? w : "plain";
        }
        return w;
    }

    private String hex() {
        StringBuilder b = new StringBuilder();
        int len = r.nextInt(5) == 0 ? 4 : 12;
        for (int i = 0; i < len; i++) {
            b.append("0123456789abcdef".charAt(r.nextInt(16)));
        }
        return b.toString();
    }

    private String name() {
        return NAMES[r.nextInt(NAMES.length)];
    }

    private String pick(String... options) {
        return options[r.nextInt(options.length)];
    }

    private String pick(List<String> options) {
        return options.get(r.nextInt(options.size()));
    }
}
