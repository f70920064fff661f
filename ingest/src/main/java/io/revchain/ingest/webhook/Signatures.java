package io.revchain.ingest.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Whether a webhook request was sent by the forge that knows the secret, exactly as each forge documents it; every
 * comparison is constant-time ({@link MessageDigest#isEqual}) so a wrong guess reveals nothing by its timing.
 *
 * <ul>
 *   <li>GitHub: {@code X-Hub-Signature-256: sha256=<hex>}, the HMAC-SHA256 of the raw body keyed with the secret;</li>
 *   <li>Gitea and Forgejo: {@code X-Gitea-Signature} (Forgejo also {@code X-Forgejo-Signature}): the same HMAC, hex
 *   without a prefix;</li>
 *   <li>GitLab: {@code X-Gitlab-Token}: the secret token itself, as entered on the webhook page.</li>
 * </ul>
 */
public final class Signatures {
    private Signatures() {}

    /** GitHub's {@code X-Hub-Signature-256} for {@code body}. */
    public static boolean github(byte[] body, String header, byte[] secret) {
        if (header == null || !header.startsWith("sha256=")) {
            return false;
        }
        return sameHex(hmacSha256Hex(secret, body), header.substring("sha256=".length()));
    }

    /** Gitea's (and Forgejo's) {@code X-Gitea-Signature} for {@code body}. */
    public static boolean gitea(byte[] body, String header, byte[] secret) {
        return header != null && sameHex(hmacSha256Hex(secret, body), header);
    }

    /** GitLab's {@code X-Gitlab-Token}: the secret, compared in constant time. */
    public static boolean gitlab(String token, byte[] secret) {
        return token != null && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), secret);
    }

    /** The lower-case hex HMAC-SHA256 of {@code body} keyed with {@code secret}. */
    public static String hmacSha256Hex(byte[] secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            // every JDK has HmacSHA256, and any key length is valid for it
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static boolean sameHex(String expected, String given) {
        return MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII),
                given.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }
}
