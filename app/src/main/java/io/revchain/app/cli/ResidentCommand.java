package io.revchain.app.cli;

import io.revchain.app.Main;
import io.revchain.app.server.ResidentServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code revchain resident} (hidden): the resident server of one working directory, which the launcher starts in the
 * background after a short command it ran itself, so that the next ones answer from a warm JVM. It warms itself up
 * once its first second has passed (the command that started it has had the cores), then serves until idle.
 */
@Command(name = ResidentCommand.NAME, hidden = true, description = "Serve short commands from a warm JVM (launcher).")
public final class ResidentCommand implements Callable<Integer> {
    public static final String NAME = "resident";

    @Option(names = "--state", required = true, paramLabel = "FILE", description = "Where to write port and token")
    Path state;

    @Option(names = "--idle", defaultValue = "1800", paramLabel = "SECONDS", description = "Stop after this long idle")
    long idleSeconds;

    @Option(names = "--no-warmup", description = "Serve cold (tests)")
    boolean noWarmup;

    @Override
    public Integer call() throws IOException {
        if (idleSeconds < 1) {
            throw new UserError("--idle: at least 1 second");
        }
        try (ResidentServer server = ResidentServer.start(state, Duration.ofSeconds(idleSeconds))) {
            if (!noWarmup) {
                Thread warm = new Thread(ResidentCommand::warmUp, "revchain-warmup");
                warm.setDaemon(true);
                warm.start();
            }
            server.serve();
        }
        return Main.OK;
    }

    // compiled code for the next commands: the warm-up's commands, a few times over, after the first command's turn
    private static void warmUp() {
        try {
            Thread.sleep(1_000);
            for (int i = 0; i < 3; i++) {
                new WarmupCommand().call();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException colder) {
            // a warm-up that fails leaves a colder server, never a broken one
        }
    }
}
