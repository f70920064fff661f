package io.revchain.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.app.service.Pipeline;
import io.revchain.core.config.OrgConfig;
import io.revchain.core.model.Check;
import io.revchain.event.HealthStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19, item 6, end to end: a migration file whose event is over Kafka's record limit used to leave the
 * commit reported healthy on the dashboard while {@code revchain check} on the same tree said unhealthy.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class HostilePipelineIT {

    @Test
    void aCommitWithAFileTooLargeToCarryIsReportedUnhealthyNamingTheFile(@TempDir Path dir) throws Exception {
        // Given a repository whose second migration is valid but has a 1.25 MB docstring, which its event carries
        // (a file with 100,000 down revisions does too, but then `check` and the repairer stall in AlembicBuild)
        Path src = dir.resolve("src");
        String big = "migrations/versions/002_big.py";
        try (Git git =
                Git.init().setDirectory(src.toFile()).setInitialBranch("main").call()) {
            Files.createDirectories(src.resolve("migrations/versions"));
            Files.writeString(src.resolve("alembic.ini"), "[alembic]\nscript_location = migrations\n");
            Files.writeString(src.resolve("migrations/env.py"), "#\n");
            Files.writeString(
                    src.resolve("migrations/versions/001_base.py"), "revision = '001'\ndown_revision = None\n");
            Files.writeString(
                    src.resolve(big),
                    "\"\"\"" + "word ".repeat(250_000)
                            + "\n\nRevision ID: 002\nRevises: 001\n\"\"\"\nrevision = '002'\ndown_revision = '001'\n");
            git.add().addFilepattern(".").call();
            PersonIdent dev = new PersonIdent("Dev", "dev@example.org");
            git.commit()
                    .setMessage("huge")
                    .setAuthor(dev)
                    .setCommitter(dev)
                    .setSign(false)
                    .call();
        }
        // When the pipeline scans it
        OrgConfig config = OrgConfig.parse("revchain.yaml", "repositories:\n  - {id: huge, url: '" + src + "'}\n");
        try (LocalPipeline local = LocalPipeline.start(config, dir)) {
            Pipeline pipeline = local.pipeline();
            pipeline.ingest().pollOnce();

            // Then the dashboard shows the commit unhealthy, with an unparseable-file finding naming the file
            local.awaitRow("huge", row -> {
                assertThat(row.status()).isEqualTo(HealthStatus.UNHEALTHY);
                assertThat(row.findings()).anySatisfy(f -> {
                    assertThat(f.check()).isEqualTo(Check.UNPARSEABLE_FILE.wire());
                    assertThat(f.file()).isEqualTo(big);
                    assertThat(f.message()).contains("too large for the pipeline to carry");
                });
            });
        }
    }
}
