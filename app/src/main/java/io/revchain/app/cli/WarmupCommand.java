package io.revchain.app.cli;

import io.revchain.app.Main;
import io.revchain.app.SlimMain;
import io.revchain.app.bench.SyntheticChain;
import io.revchain.core.tree.FileTrees;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code revchain warmup} (hidden): runs every short command once, on a healthy generated chain and on the broken
 * ACGS-2 fixture, with every output format, and discards the output. The launcher runs it once per build under
 * {@code -XX:ArchiveClassesAtExit} (or a JDK 25 {@code -XX:AOTCacheOutput}), so the class-data archive that later
 * commands start from holds what all of them load, not only what the first command a user happened to run did.
 * It never touches Kafka, JGit or the network.
 */
@Command(name = "warmup", hidden = true, description = "Exercise the short commands once (for the start-up archive).")
public final class WarmupCommand implements Callable<Integer> {
    private static final String FIXTURE = "/demo/acgs2/";

    @Override
    public Integer call() throws IOException {
        Path work = Files.createTempDirectory("revchain-warmup");
        try {
            // over ChainLoader's 64 files, so the archive also holds the parallel parse's classes
            Path healthy = SyntheticChain.write(work.resolve("healthy"), 80, 1);
            // the files most repositories also hold: an Alembic pin and a pyproject.toml (read with Jackson's TOML)
            Files.writeString(healthy.resolve("requirements.txt"), "alembic==1.13.2\nsqlalchemy>=2\n");
            Files.writeString(
                    healthy.resolve("pyproject.toml"),
                    "[project]\nname = 'warmup'\n"
                            + "dependencies = ['alembic>=1.13']\n[tool.alembic]\nfile_template = '%%(rev)s_%%(slug)s'\n");
            Path broken = acgs2(work.resolve("acgs2"));
            PrintWriter sink = new PrintWriter(Writer.nullWriter());
            for (Path dir : List.of(healthy, broken)) {
                String d = dir.toString();
                for (String format : List.of("text", "json", "sarif", "github")) {
                    SlimMain.execute(sink, sink, "check", d, "--format", format);
                }
                SlimMain.execute(sink, sink, "check", d, "--policy", "acgs2");
                SlimMain.execute(sink, sink, "heads", d);
                SlimMain.execute(sink, sink, "branches", d);
                SlimMain.execute(sink, sink, "history", d);
                SlimMain.execute(sink, sink, "repair", d);
            }
            SlimMain.execute(sink, sink, "checks");
            SlimMain.execute(sink, sink, "check", work.resolve("missing").toString());
            SlimMain.execute(sink, sink, "--help");
            SlimMain.execute(sink, sink, "--version");
            SlimMain.execute(sink, sink, "check", "--help");
            return Main.OK;
        } finally {
            FileTrees.delete(work);
        }
    }

    private static Path acgs2(Path dir) throws IOException {
        Path versions = Files.createDirectories(dir.resolve("migrations/versions"));
        Files.writeString(dir.resolve("alembic.ini"), resource("alembic.ini"));
        for (String name : resource("index.txt").split("\n")) {
            if (!name.isBlank() && !name.startsWith("#")) {
                Files.writeString(versions.resolve(name), resource("migrations/versions/" + name));
            }
        }
        return dir;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = WarmupCommand.class.getResourceAsStream(FIXTURE + name)) {
            if (in == null) {
                throw new IOException("missing resource " + FIXTURE + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
