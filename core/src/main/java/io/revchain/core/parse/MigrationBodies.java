package io.revchain.core.parse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Decides a migration file's body fingerprint: the SHA-256 of the tokens of its top-level {@code def upgrade} and
 * {@code def downgrade} (signature and body, up to the next top-level statement), so a change to what they run
 * changes it and a change to comments, blank lines, layout inside brackets, the docstring or the revision variables
 * does not. A file Python cannot tokenize has no fingerprint.
 */
public final class MigrationBodies {
    private MigrationBodies() {}

    /** The fingerprint of {@code text} (64 hex characters), or empty when it cannot be tokenized. */
    public static Optional<String> fingerprint(String text) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        PythonTokenizer t = new PythonTokenizer(text);
        String in = null;
        boolean afterDef = false;
        try {
            for (int type = t.next(); type != PythonTokenizer.END; type = t.next()) {
                boolean topLevel = t.first() && t.indent() == 0;
                if (topLevel) {
                    in = null;
                }
                if (afterDef) {
                    afterDef = false;
                    String name = text.substring(t.start(), t.end());
                    if (type == PythonTokenizer.NAME && (name.equals("upgrade") || name.equals("downgrade"))) {
                        in = name;
                        // each function's tokens are framed by its name: moving a line between them counts
                        feed(sha, "\u0000def " + name);
                    }
                    continue;
                }
                if (topLevel
                        && type == PythonTokenizer.NAME
                        && text.startsWith("def", t.start())
                        && t.end() - t.start() == 3) {
                    afterDef = true;
                    continue;
                }
                if (in != null) {
                    feed(sha, type == PythonTokenizer.NEWLINE ? "\n" : "\u0001" + text.substring(t.start(), t.end()));
                    if (t.first()) {
                        feed(sha, "\u0002" + t.indent());
                    }
                }
            }
        } catch (PythonSyntaxError e) {
            return Optional.empty();
        }
        return Optional.of(HexFormat.of().formatHex(sha.digest()));
    }

    private static void feed(MessageDigest sha, String s) {
        sha.update(s.getBytes(StandardCharsets.UTF_8));
    }
}
