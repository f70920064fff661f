package io.revchain.app.cli;

import java.nio.file.Path;
import picocli.CommandLine.Parameters;

/** The folder a short command reads ({@code PATH}), declared once for every command that takes it (a mixin). */
public final class PathArgument {

    @Parameters(
            index = "0",
            paramLabel = "PATH",
            defaultValue = ".",
            description = "A repository, a folder holding alembic.ini, or a versions folder (default: .)")
    Path path;

    /** The folder as given on the command line. */
    public Path path() {
        return path;
    }
}
