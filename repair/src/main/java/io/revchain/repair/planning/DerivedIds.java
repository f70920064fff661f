package io.revchain.repair.planning;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Decides the id of a revision the planner writes or renumbers: 12 hex digits, what Alembic's {@code rev_id()}
 * looks like, but derived from the content ({@code parts}) so that the same input gives the same plan byte for
 * byte.
 */
final class DerivedIds {
    private DerivedIds() {}

    /** A fresh 12-hex id derived from {@code parts}. */
    static String of(String... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String p : parts) {
                md.update(p.getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
