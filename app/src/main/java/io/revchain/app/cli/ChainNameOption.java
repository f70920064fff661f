package io.revchain.app.cli;

import picocli.CommandLine.Option;

/** {@code -n NAME}: only the chain(s) of an {@code alembic.ini} section, as {@code alembic -n} (a mixin). */
public final class ChainNameOption {

    @Option(
            names = {"-n", "--name"},
            paramLabel = "NAME",
            description = "Only the chain(s) of this name: an alembic.ini section, as alembic -n NAME selects it")
    String name;

    /** The name asked for, {@code null} for every chain. */
    public String name() {
        return name;
    }
}
