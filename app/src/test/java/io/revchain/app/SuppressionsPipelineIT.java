package io.revchain.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revchain.app.service.Pipeline;
import io.revchain.core.config.OrgConfig;
import io.revchain.core.model.Finding;
import io.revchain.event.HealthStatus;
import io.revchain.reporter.model.RepoView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A repository's {@code # revchain: ignore[...]} comments give the pipeline's report the verdict and findings that
 * {@code revchain check} gives on the same files: git → ingest → analyzer → reporter on the embedded broker.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SuppressionsPipelineIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static void commit(Git git, String message) throws Exception {
        git.add().addFilepattern(".").call();
        PersonIdent dev = new PersonIdent("Dev", "dev@example.org");
        git.commit()
                .setMessage(message)
                .setAuthor(dev)
                .setCommitter(dev)
                .setSign(false)
                .call();
    }

    /** {@code (check, file, line)} of each finding of {@code revchain check --format json} on {@code src}. */
    private static List<String> checkFindings(Path src, int exit) throws Exception {
        Cli r = Cli.run("check", src.toString(), "--format", "json");
        assertThat(r.exit()).as(r.err()).isEqualTo(exit);
        List<String> out = new ArrayList<>();
        for (JsonNode chain : JSON.readTree(r.out()).get("chains")) {
            for (JsonNode f : chain.get("findings")) {
                out.add(f.get("check").asText() + " " + f.path("file").asText() + ":"
                        + f.path("line").asInt());
            }
        }
        return out;
    }

    private static List<String> shape(List<Finding> findings) {
        return findings.stream()
                .map(f -> f.check() + " " + (f.file() == null ? "" : f.file()) + ":" + f.line())
                .toList();
    }

    @Test
    void theDashboardSuppressesWhatCheckSuppresses(@TempDir Path dir) throws Exception {
        // Given a chain whose second file names a parent that is gone, with a comment saying it is known
        Path src = dir.resolve("src");
        Path versions = src.resolve("migrations/versions");
        try (Git git =
                Git.init().setDirectory(src.toFile()).setInitialBranch("main").call()) {
            Files.createDirectories(versions);
            Files.writeString(src.resolve("alembic.ini"), "[alembic]\nscript_location = migrations\n");
            Files.writeString(src.resolve("migrations/env.py"), "#\n");
            Files.writeString(versions.resolve("001_base.py"), "revision = '001'\ndown_revision = None\n");
            Files.writeString(
                    versions.resolve("002_next.py"),
                    "# revchain: ignore[missing-down-revision] -- 000 was squashed into 001\n"
                            + "revision = '002'\ndown_revision = '000'\n");
            commit(git, "known break");
        }
        List<String> expected = checkFindings(src, 0);

        OrgConfig config = OrgConfig.parse("revchain.yaml", """
                repositories:
                  - id: shop
                    url: '%s'
                    policy: alembic
                """.formatted(src));
        try (LocalPipeline local = LocalPipeline.start(config, dir)) {
            Pipeline pipeline = local.pipeline();
            // When ingest reads the repository
            pipeline.ingest().pollOnce();

            // Then the dashboard's row has check's findings, the known break suppressed
            RepoView row = local.awaitRow("shop", r -> {});
            assertThat(shape(row.findings())).as(local.log()).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(row.findings()).noneMatch(f -> f.check().equals("missing-down-revision"));

            // When the comment goes, both say the chain is broken, with the same findings
            try (Git git = Git.open(src.toFile())) {
                Files.writeString(versions.resolve("002_next.py"), "revision = '002'\ndown_revision = '000'\n");
                commit(git, "the comment goes");
            }
            List<String> broken = checkFindings(src, 1);
            assertThat(broken).anyMatch(f -> f.startsWith("missing-down-revision "));
            pipeline.ingest().pollOnce();
            RepoView after = local.awaitRow("shop", r -> assertThat(r.status()).isEqualTo(HealthStatus.UNHEALTHY));
            assertThat(shape(after.findings())).containsExactlyInAnyOrderElementsOf(broken);
        }
    }
}
