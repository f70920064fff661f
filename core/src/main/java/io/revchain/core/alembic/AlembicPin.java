package io.revchain.core.alembic;

import io.revchain.core.tree.SourceTree;
import java.util.Optional;

/** PLACEHOLDER until the releases branch lands. */
public final class AlembicPin {
    private AlembicPin() {}

    public record Pin(AlembicRelease release, String file, int line, String spec, String how) {}

    public static Optional<Pin> find(SourceTree tree, String nearFolder) {
        return Optional.empty();
    }
}
