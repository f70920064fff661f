package io.revchain.core.parse;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides how CPython would decode a source file's bytes (PEP 263 and PEP 3120), without compiling it.
 *
 * <p>A UTF-8 BOM is stripped; a coding declaration on the first line, or on the second when the first is blank or
 * a comment, selects the charset; otherwise UTF-8. Decoding is strict: bytes the charset cannot decode, or a NUL
 * byte, are a {@link PythonSyntaxError} naming the line, because CPython refuses such a file too. Line endings are
 * kept as written so that offsets stay true to the bytes.
 */
public final class SourceDecoder {
    /** The regular expression of PEP 263, as CPython's {@code tokenize.cookie_re}. */
    private static final Pattern COOKIE = Pattern.compile("^[ \\t\\f]*#.*?coding[:=][ \\t]*([-\\w.]+)");

    private static final Pattern BLANK = Pattern.compile("^[ \\t\\f]*(?:[#\\r\\n]|$)");

    private SourceDecoder() {}

    /**
     * Decodes a Python source file.
     *
     * @param content the raw bytes
     * @return the text without BOM, line endings untouched
     * @throws PythonSyntaxError when CPython would refuse to read the file
     */
    public static String decode(byte[] content) throws PythonSyntaxError {
        int offset = 0;
        boolean bom = content.length >= 3
                && (content[0] & 0xff) == 0xEF
                && (content[1] & 0xff) == 0xBB
                && (content[2] & 0xff) == 0xBF;
        if (bom) {
            offset = 3;
        }
        Charset charset = StandardCharsets.UTF_8;
        String declared = declaredEncoding(content, offset);
        if (declared != null) {
            String normal = normalName(declared);
            if (bom && !normal.equals("utf-8")) {
                throw new PythonSyntaxError(1, "encoding problem: " + declared + " with BOM");
            }
            charset = lookup(normal);
            if (charset == null) {
                throw new PythonSyntaxError(1, "unknown encoding: " + declared);
            }
        }
        String text = strictDecode(content, offset, charset, declared == null);
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            throw new PythonSyntaxError(lineOf(text, nul), "source code cannot contain null bytes");
        }
        return text;
    }

    /** The encoding named by a PEP 263 declaration in the first two lines, or {@code null}. */
    static String declaredEncoding(byte[] content, int offset) {
        int firstEnd = lineEnd(content, offset);
        if (!hasHash(content, offset, firstEnd) && !blank(content, offset, firstEnd)) {
            // neither a declaration nor a line that lets the second one declare: the usual docstring opening
            return null;
        }
        String first = new String(content, offset, firstEnd - offset, StandardCharsets.ISO_8859_1);
        Matcher m = COOKIE.matcher(first);
        if (m.find()) {
            return m.group(1);
        }
        if (!BLANK.matcher(first).find() || firstEnd >= content.length) {
            return null;
        }
        int secondEnd = lineEnd(content, firstEnd);
        Matcher m2 = COOKIE.matcher(new String(content, firstEnd, secondEnd - firstEnd, StandardCharsets.ISO_8859_1));
        return m2.find() ? m2.group(1) : null;
    }

    /** End (exclusive, past the line break) of the line starting at {@code from}; CR, LF and CRLF end lines. */
    private static int lineEnd(byte[] content, int from) {
        int i = from;
        while (i < content.length && content[i] != '\n' && content[i] != '\r') {
            i++;
        }
        if (i < content.length && content[i] == '\r' && i + 1 < content.length && content[i + 1] == '\n') {
            i++;
        }
        return i < content.length ? i + 1 : i;
    }

    /** CPython's {@code _get_normal_name}: the spellings it maps to utf-8 and latin-1 before the codec lookup. */
    static String normalName(String declared) {
        String enc = declared.length() > 12 ? declared.substring(0, 12) : declared;
        enc = enc.toLowerCase(Locale.ROOT).replace('_', '-');
        if (enc.equals("utf-8") || enc.startsWith("utf-8-")) {
            return "utf-8";
        }
        for (String latin : new String[] {"latin-1", "iso-8859-1", "iso-latin-1"}) {
            if (enc.equals(latin) || enc.startsWith(latin + "-")) {
                return "iso-8859-1";
            }
        }
        return declared.toLowerCase(Locale.ROOT);
    }

    private static Charset lookup(String name) {
        for (String candidate :
                new String[] {name, name.replace('_', '-'), name.replace('-', '_'), name.replace("-", "")}) {
            try {
                if (Charset.isSupported(candidate)) {
                    return Charset.forName(candidate);
                }
            } catch (IllegalArgumentException e) {
                // an illegal charset name is simply not this spelling; try the next one
            }
        }
        return null;
    }

    private static String strictDecode(byte[] content, int offset, Charset charset, boolean implicit)
            throws PythonSyntaxError {
        if (isAsciiCompatible(charset) && allAscii(content, offset)) {
            // the common case: every charset Python accepts here reads ASCII bytes as themselves
            return new String(content, offset, content.length - offset, StandardCharsets.ISO_8859_1);
        }
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(content, offset, content.length - offset);
        CharBuffer out = CharBuffer.allocate((int) Math.min(
                Integer.MAX_VALUE - 16L, (long) ((content.length - offset) * (double) decoder.maxCharsPerByte()) + 16));
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int bad = in.position();
            int line = 1;
            for (int i = offset; i < bad; i++) {
                if (content[i] == '\n' || (content[i] == '\r' && (i + 1 >= content.length || content[i + 1] != '\n'))) {
                    line++;
                }
            }
            String hex = String.format("\\x%02x", content[bad] & 0xff);
            String message = implicit
                    ? "Non-UTF-8 code starting with '" + hex + "' on line " + line
                            + ", but no encoding declared; see https://peps.python.org/pep-0263/ for details"
                    : "(unicode error) '" + charset.name().toLowerCase(Locale.ROOT) + "' codec can't decode byte "
                            + hex.replace("\\x", "0x") + " on line " + line;
            throw new PythonSyntaxError(line, message);
        }
        out.flip();
        return out.toString();
    }

    /** 1-based line of a char offset; CRLF, CR and LF each end a line. */
    static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
                line++;
            }
        }
        return line;
    }

    private static boolean isAsciiCompatible(Charset charset) {
        // equals: a charset looked up by a declared name need not be the constant's instance
        return charset.equals(StandardCharsets.UTF_8)
                || charset.equals(StandardCharsets.ISO_8859_1)
                || charset.equals(StandardCharsets.US_ASCII);
    }

    private static boolean allAscii(byte[] content, int offset) {
        for (int i = offset; i < content.length; i++) {
            if (content[i] < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasHash(byte[] content, int from, int to) {
        for (int i = from; i < to; i++) {
            if (content[i] == '#') {
                return true;
            }
        }
        return false;
    }

    private static boolean blank(byte[] content, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = content[i];
            if (b != ' ' && b != '\t' && b != '\f' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }
}
