package io.revchain.app.service;

import io.revchain.app.cli.UserError;
import io.revchain.core.config.ConfigException;
import io.revchain.core.config.OrgConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The organisation's {@code revchain.yaml} and the work folder every service that clones repositories uses. */
public final class OrgOptions {

    @Option(
            names = "--config",
            paramLabel = "FILE",
            defaultValue = "${env:REVCHAIN_CONFIG:-revchain.yaml}",
            description = "The organisation's repositories ($REVCHAIN_CONFIG, default ${DEFAULT-VALUE})")
    Path config;

    @Option(
            names = "--work-dir",
            paramLabel = "DIR",
            defaultValue = "${env:REVCHAIN_WORK_DIR:-.revchain-work}",
            description = "Clones and state ($REVCHAIN_WORK_DIR, default ${DEFAULT-VALUE})")
    Path workDir;

    /** Reads {@code revchain.yaml}; a mistake is a one-line user error naming file, line and column. */
    public OrgConfig load() {
        return load(config);
    }

    public static OrgConfig load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UserError(file + ": no such file (give the organisation's revchain.yaml with --config)");
        }
        try {
            return OrgConfig.load(file);
        } catch (ConfigException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** The work folder, created when missing. */
    public Path workDir() throws IOException {
        return Files.createDirectories(workDir);
    }
}
