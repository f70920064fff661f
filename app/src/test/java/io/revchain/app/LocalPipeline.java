package io.revchain.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.revchain.app.service.KafkaOptions;
import io.revchain.app.service.Pipeline;
import io.revchain.app.service.Platform;
import io.revchain.core.config.OrgConfig;
import io.revchain.reporter.model.RepoView;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.assertj.core.api.ThrowingConsumer;

/**
 * The one-process pipeline as the pipeline integration tests run it: an embedded broker, every service of a
 * configuration, the work directory under the test's, the reporter on an ephemeral port, everything logged to
 * {@link #log()}; and a row of the reporter's view awaited until it says what a test expects.
 */
final class LocalPipeline implements AutoCloseable {

    /** How long a row may take to say what a test expects: a first scan on a busy 2-core machine. */
    static final Duration ROW_WAIT = Duration.ofSeconds(90);

    private final StringWriter log;
    private final Platform platform;
    private final Pipeline pipeline;

    private LocalPipeline(StringWriter log, Platform platform, Pipeline pipeline) {
        this.log = log;
        this.platform = platform;
        this.pipeline = pipeline;
    }

    /** The pipeline of {@code config}, its work directory {@code dir/work}; not polling until a test says so. */
    static LocalPipeline start(OrgConfig config, Path dir) throws Exception {
        return start(config, dir, false);
    }

    /** {@link #start(OrgConfig, Path)}, with ingest a member of the fleet group when {@code fleet}. */
    static LocalPipeline start(OrgConfig config, Path dir, boolean fleet) throws Exception {
        StringWriter log = new StringWriter();
        Platform platform = Platform.start(new KafkaOptions(), new PrintWriter(log));
        try {
            Pipeline pipeline = Pipeline.start(
                    config,
                    platform,
                    new Pipeline.Options(dir.resolve("work"), "127.0.0.1", 0, Duration.ofSeconds(1), fleet),
                    new PrintWriter(log));
            return new LocalPipeline(log, platform, pipeline);
        } catch (Exception | Error e) {
            platform.close();
            throw e;
        }
    }

    Pipeline pipeline() {
        return pipeline;
    }

    /** What the services logged so far. */
    String log() {
        return log.toString();
    }

    /** {@code repo}'s row in the reporter's view now, or {@code null}. */
    RepoView row(String repo) {
        return pipeline.reporter().view().rows().stream()
                .filter(r -> r.repo().equals(repo))
                .findFirst()
                .orElse(null);
    }

    /** Waits until {@code repo} has a row that satisfies {@code expected}, and returns it. */
    RepoView awaitRow(String repo, ThrowingConsumer<RepoView> expected) {
        RepoView[] seen = new RepoView[1];
        await().atMost(ROW_WAIT).untilAsserted(() -> {
            RepoView row = row(repo);
            assertThat(row).as("the row of %s", repo).isNotNull();
            expected.accept(row);
            seen[0] = row;
        });
        return seen[0];
    }

    @Override
    public void close() {
        try {
            pipeline.close();
        } finally {
            platform.close();
        }
    }
}
