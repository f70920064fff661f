package io.revchain.core.adoption;

import io.revchain.core.model.Finding;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Decides which findings are "the same" across runs: a finding's identity is its check, its chain, its file and the
 * revisions it is about, never its line or its message (both change when lines above it move, and messages quote
 * lines). Two findings that differ only in line or wording share a fingerprint; {@link Baseline} counts them.
 */
public final class Fingerprint {
    private static final String VERSION = "v1";

    private Fingerprint() {}

    /**
     * The fingerprint of {@code f} in the chain called {@code chain}: 32 hex chars of SHA-256 over the check, chain,
     * file, revision and the sorted revisions involved.
     */
    public static String of(String chain, Finding f) {
        List<String> revisions = new ArrayList<>(f.revisions());
        revisions.sort(null);
        String key = String.join(
                "\u0000",
                VERSION,
                f.check(),
                String.valueOf(chain),
                String.valueOf(f.file()),
                String.valueOf(f.revision()),
                String.join(",", revisions));
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            // every Java platform must provide SHA-256
            throw new IllegalStateException(e);
        }
    }
}
