package io.revchain.event;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A record that could not be read, on {@code revchain.dead-letters} (keyed like the record it replaces), with
 * enough to find the original and see what it looked like.
 *
 * @param schema       wire-format version ({@link EventSchema#CURRENT})
 * @param sourceTopic  the topic the record came from
 * @param partition    its partition
 * @param offset       its offset
 * @param key          its key as UTF-8 text, or {@code null}
 * @param reason       why it could not be read (an {@link EventReadException}'s message, or the error's)
 * @param valuePreview the first {@value #PREVIEW_BYTES} bytes of the value (see {@link #preview(byte[])}), or
 *                     {@code null} for a null value
 * @param at           when it was dead-lettered
 */
public record DeadLetter(
        int schema,
        String sourceTopic,
        int partition,
        long offset,
        String key,
        String reason,
        String valuePreview,
        Instant at) {

    /** How many bytes of the original value a dead letter keeps. */
    public static final int PREVIEW_BYTES = 1024;

    /** Marks a preview of bytes that are not UTF-8 text. */
    public static final String BASE64_PREFIX = "base64:";

    public DeadLetter {
        Objects.requireNonNull(sourceTopic, "sourceTopic");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
    }

    /** The same dead letter at the current schema version. */
    public DeadLetter(
            String sourceTopic,
            int partition,
            long offset,
            String key,
            String reason,
            String valuePreview,
            Instant at) {
        this(EventSchema.CURRENT, sourceTopic, partition, offset, key, reason, valuePreview, at);
    }

    /** A dead letter for the raw record, with its key decoded and its value previewed. */
    public static DeadLetter of(
            String sourceTopic, int partition, long offset, byte[] key, byte[] value, String reason, Instant at) {
        String k = key == null ? null : new String(key, StandardCharsets.UTF_8);
        return new DeadLetter(sourceTopic, partition, offset, k, reason, preview(value), at);
    }

    /**
     * The first {@value #PREVIEW_BYTES} bytes of {@code value}: as text when they are UTF-8 (a multi-byte
     * character cut by the limit is dropped; JSON escapes the rest), else {@value #BASE64_PREFIX} followed by
     * their Base64. {@code null} stays {@code null}.
     */
    public static String preview(byte[] value) {
        if (value == null) {
            return null;
        }
        byte[] head = value.length > PREVIEW_BYTES ? Arrays.copyOf(value, PREVIEW_BYTES) : value;
        String text = utf8(head, head.length < value.length);
        return text != null ? text : BASE64_PREFIX + Base64.getEncoder().encodeToString(head);
    }

    private static String utf8(byte[] bytes, boolean truncated) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        // when truncated, an incomplete trailing character (at most 3 bytes) is left unread instead of failing
        CoderResult result = decoder.decode(in, out, !truncated);
        if (result.isError() || (!truncated && decoder.flush(out).isError()) || in.remaining() > 3) {
            return null;
        }
        out.flip();
        String s = out.toString();
        // NUL is valid UTF-8 but a sure sign of binary data
        return s.indexOf('\0') >= 0 ? null : s;
    }

    /** Whether {@code preview} holds Base64 rather than text. */
    public boolean previewIsBase64() {
        return valuePreview != null && valuePreview.startsWith(BASE64_PREFIX);
    }

    /** Decodes a Base64 preview back to bytes; a text preview gives its UTF-8 bytes. */
    public byte[] previewBytes() {
        if (valuePreview == null) {
            return null;
        }
        if (previewIsBase64()) {
            return Base64.getDecoder().decode(valuePreview.substring(BASE64_PREFIX.length()));
        }
        return valuePreview.getBytes(StandardCharsets.UTF_8);
    }
}
