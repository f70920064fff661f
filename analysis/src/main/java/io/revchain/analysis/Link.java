package io.revchain.analysis;

/**
 * An edge of the revision graph, from the older revision to the newer one.
 *
 * @param parent the revision named
 * @param child  the revision naming it
 * @param kind   {@link Kind#DOWN} for {@code down_revision}, {@link Kind#DEPENDS} for {@code depends_on}
 */
public record Link(String parent, String child, Kind kind) {

    /** Which variable made the link. */
    public enum Kind {
        DOWN,
        DEPENDS
    }
}
