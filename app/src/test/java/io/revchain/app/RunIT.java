package io.revchain.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.app.demo.DemoOrganisation;
import io.revchain.app.service.Pipeline;
import io.revchain.core.config.OrgConfig;
import io.revchain.event.HealthStatus;
import io.revchain.testkit.HttpProbe;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code revchain run} runs (the four services on the embedded broker, ingest polling on its interval): a
 * broken commit pushed to a watched repository while everything runs gets a new report and a fix branch, with
 * nothing restarted.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RunIT {

    @Test
    void aBrokenCommitPushedWhileRunningGetsAReportAndAFixBranch(@TempDir Path dir) throws Exception {
        // Given the demo organisation and the pipeline running with a 2 s poll interval
        DemoOrganisation.Org org = DemoOrganisation.create(dir.resolve("org"));
        OrgConfig config = OrgConfig.load(org.config());
        try (LocalPipeline local = LocalPipeline.start(config, dir, true)) {
            Pipeline pipeline = local.pipeline();
            pipeline.ingest().start();
            String healthyCommit = local.awaitRow(
                            "billing", row -> assertThat(row.status()).isEqualTo(HealthStatus.HEALTHY))
                    .commit();

            // When a developer pushes a migration whose down_revision names nothing
            Path clone = dir.resolve("dev-billing");
            try (Git git = Git.cloneRepository()
                    .setURI(org.root().resolve("remotes/billing.git").toUri().toString())
                    .setDirectory(clone.toFile())
                    .call()) {
                Files.writeString(
                        clone.resolve("migrations/versions/5d4e6f708192_add_refunds.py"),
                        "revision = '5d4e6f708192'\ndown_revision = '4c3d5e6f7082'\n");
                git.add().addFilepattern(".").call();
                PersonIdent dev = new PersonIdent("Dev", "dev@example.org");
                git.commit()
                        .setMessage("add refunds")
                        .setAuthor(dev)
                        .setCommitter(dev)
                        .setSign(false)
                        .call();
                git.push().call();
            }

            // Then, without any restart, a new unhealthy report and a verified fix branch appear
            local.awaitRow("billing", row -> {
                assertThat(row.commit()).isNotEqualTo(healthyCommit);
                assertThat(row.status()).isEqualTo(HealthStatus.UNHEALTHY);
                assertThat(row.findingsByCheck()).containsKey("missing-down-revision");
                assertThat(row.proposal()).isNotNull();
                assertThat(row.proposal().verified()).isTrue();
                assertThat(DemoIT.fixBranches(org.root().resolve("remotes/billing.git")))
                        .containsExactly(row.proposal().fixBranch());
            });

            // And the process serves everything on one port: dashboard, the analyzer's queries, health, metrics
            int port = pipeline.reporter().port();
            assertThat(pipeline.analyzer().httpPort()).isEqualTo(port);
            HttpResponse<String> report = HttpProbe.get(port, "/repos/billing");
            assertThat(report.statusCode()).as(report.body()).isEqualTo(200);
            assertThat(report.body()).contains("missing-down-revision");
            assertThat(HttpProbe.get(port, "/repos").body()).contains("\"billing\"");
            assertThat(HttpProbe.get(port, "/health/live").statusCode()).isEqualTo(200);
            assertThat(HttpProbe.get(port, "/metrics").body()).contains("revchain_");
            assertThat(HttpProbe.get(port, "/").statusCode()).isEqualTo(200);
        }
    }
}
