package io.revchain.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * What the repairer found when it closed a branch's proposal because the branch became healthy: which of its fix
 * plans the healthy commit's history carries (a commit whose message has the plan's {@code Revchain-Plan} line, as
 * a merge, a rebase merge or a squash with the default message keeps it). It travels as the {@value #HEADER}
 * header of the tombstone on {@code revchain.fix-proposals}: a tombstone has no value, and compaction needs it to
 * stay one. A tombstone without the header (from a repairer before it, or a proposal withdrawn for another reason)
 * says nothing about merging.
 *
 * <p>Wire format: the header's value is UTF-8 JSON written by {@link EventJson},
 * {@code {"commit":"<healthy commit>","merged":["revchain/fix-<branch>-<plan hash>", ...]}}; unknown properties are
 * ignored when reading, so fields can be added.
 *
 * @param commit the healthy commit whose history was searched
 * @param merged the fix branches (by name: the branch may be deleted already) whose plan that history carries,
 *               newest first; empty when it carries none
 */
public record FixClosure(String commit, List<String> merged) {

    /** The Kafka header that carries it. */
    public static final String HEADER = "revchain-fix-closed";

    public FixClosure {
        Objects.requireNonNull(commit, "commit");
        merged = merged == null ? List.of() : List.copyOf(merged);
    }

    /** The header's value. */
    public byte[] toBytes() {
        try {
            return EventJson.shared().writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a closure always serializes", e);
        }
    }

    /**
     * Reads a header's value.
     *
     * @throws IllegalArgumentException when it is not a closure, naming the header (never quoting it)
     */
    public static FixClosure fromBytes(byte[] bytes) {
        try {
            return EventJson.shared().readValue(bytes, FixClosure.class);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("unreadable " + HEADER + " header (" + bytes.length + " bytes)", e);
        }
    }
}
