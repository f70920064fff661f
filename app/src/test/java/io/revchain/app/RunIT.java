package io.revchain.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.revchain.app.demo.DemoOrganisation;
import io.revchain.app.service.KafkaOptions;
import io.revchain.app.service.Pipeline;
import io.revchain.app.service.Platform;
import io.revchain.core.config.OrgConfig;
import io.revchain.event.HealthStatus;
import io.revchain.reporter.model.RepoView;
import io.revchain.testkit.HttpProbe;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
        StringWriter log = new StringWriter();
        try (Platform platform = Platform.start(new KafkaOptions(), new PrintWriter(log));
                Pipeline pipeline = Pipeline.start(
                        config,
                        platform,
                        new Pipeline.Options(dir.resolve("work"), "127.0.0.1", 0, Duration.ofSeconds(1), true),
                        new PrintWriter(log))) {
            pipeline.ingest().start();
            await().atMost(Duration.ofSeconds(90))
                    .until(() -> row(pipeline, "billing") != null
                            && row(pipeline, "billing").status() == HealthStatus.HEALTHY);
            String healthyCommit = row(pipeline, "billing").commit();

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
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                RepoView row = row(pipeline, "billing");
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

    private static RepoView row(Pipeline p, String repo) {
        return p.reporter().view().rows().stream()
                .filter(r -> r.repo().equals(repo))
                .findFirst()
                .orElse(null);
    }
}
