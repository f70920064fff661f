package io.revchain.app.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.revchain.analyzer.stream.AnalyzerService;
import io.revchain.broker.EmbeddedKafka;
import io.revchain.core.config.OrgConfig;
import io.revchain.core.config.RepositorySpec;
import io.revchain.event.HealthReport;
import io.revchain.event.Topics;
import io.revchain.ingest.plan.Backoff;
import io.revchain.ingest.service.CycleReport;
import io.revchain.ingest.service.IngestService;
import io.revchain.ingest.service.IngestSettings;
import io.revchain.testkit.GitFixture;
import io.revchain.testkit.TestTrees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guarantee: revchain never runs a repository's code. The repository's migrations, its {@code env.py}, its
 * {@code __init__.py} and a helper module each create a marker file when Python runs or imports them (the control
 * proves it with real Python); no revchain command, nor the ingest → analyzer pipeline, makes a marker appear.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class NoCodeExecutionIT {

    @TempDir
    Path tmp;

    /** Every way the repository tries to run code, each writing its own marker under {@code markers}. */
    private static void hostileRepository(Writer w, Path markers) throws Exception {
        String touch = "open(r'" + markers + "/%s', 'w').write('ran')\n";
        w.write("alembic.ini", "[alembic]\nscript_location = migrations\n");
        w.write("migrations/env.py", "import os\n" + touch.formatted("env.py"));
        w.write("migrations/script.py.mako", "<% open(r'" + markers + "/mako', 'w') %>\n");
        w.write("migrations/versions/__init__.py", touch.formatted("init"));
        w.write("migrations/versions/evil_helper.py", touch.formatted("helper-import"));
        w.write(
                "migrations/versions/001_base.py",
                "\"\"\"base\n\nRevision ID: 001\nRevises:\n\"\"\"\n"
                        + "import os, sys\nsys.path.insert(0, os.path.dirname(__file__))\nimport evil_helper\n"
                        + touch.formatted("top-level")
                        + "revision = '001'\ndown_revision = None\nbranch_labels = None\ndepends_on = None\n\n"
                        + "def upgrade():\n    " + touch.formatted("upgrade"));
        w.write(
                "migrations/versions/002_second.py",
                "revision = '002'\n" + "down_revision = __import__('os').system('touch " + markers
                        + "/value')  or '001'\n");
        w.write(
                "migrations/versions/003_third.py",
                "import subprocess\n"
                        + "subprocess.run(['touch', r'" + markers + "/subprocess'])\n"
                        + "revision = '003'\ndown_revision = '001'\n");
    }

    @FunctionalInterface
    interface Writer {
        void write(String path, String content) throws Exception;
    }

    private Path repoOnDisk(Path markers) throws Exception {
        Path repo = tmp.resolve("repo");
        hostileRepository(
                (p, c) -> {
                    Path f = repo.resolve(p);
                    Files.createDirectories(f.getParent());
                    Files.writeString(f, c);
                },
                markers);
        return repo;
    }

    @Tag("oracle")
    @Test
    void thePayloadIsRealWhenPythonRunsIt() throws Exception {
        // Given the hostile repository with its markers pointing at a control folder
        Path control = Files.createDirectories(tmp.resolve("control-markers"));
        Path repo = repoOnDisk(control);
        // When real Python runs the migration and the env.py
        for (String f :
                List.of("migrations/versions/001_base.py", "migrations/versions/003_third.py", "migrations/env.py")) {
            Process p = new ProcessBuilder("/usr/bin/python3", repo.resolve(f).toString())
                    .redirectErrorStream(true)
                    .start();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        // Then the markers appear: the payload works, so their absence below means nothing ran it
        try (var s = Files.list(control)) {
            assertThat(s.map(x -> x.getFileName().toString()).toList())
                    .contains("top-level", "helper-import", "subprocess", "env.py");
        }
    }

    @Test
    void noCommandRunsTheRepositorysCode() throws Exception {
        Path markers = Files.createDirectories(tmp.resolve("markers"));
        Path repo = repoOnDisk(markers);
        Path copy = tmp.resolve("copy");

        // When every offline command runs on it, in every format
        List<String[]> commands = List.of(
                new String[] {"check", repo.toString()},
                new String[] {"check", repo.toString(), "--format", "json"},
                new String[] {"check", repo.toString(), "--format", "sarif"},
                new String[] {"check", repo.toString(), "--format", "github"},
                new String[] {"check", repo.toString(), "--policy", "acgs2"},
                new String[] {"heads", repo.toString()},
                new String[] {"branches", repo.toString()},
                new String[] {"history", repo.toString()},
                new String[] {"repair", repo.toString()},
                new String[] {"repair", repo.toString(), "--format", "json", "--strategy", "linearize"});
        for (String[] c : commands) {
            Sandbox.Run r = Sandbox.cli(c);
            // Then each answers (findings or a clean error, never an internal error)
            assertThat(r.exit()).as(String.join(" ", c) + "\n" + r.all()).isIn(0, 1, 2);
        }
        // and repair --write, which edits files, edits them without running them
        TestTrees.copy(repo, copy);
        Sandbox.Run write = Sandbox.cli("repair", copy.toString(), "--write");
        assertThat(write.exit()).as(write.all()).isIn(0, 1);

        // Then the non-literal value is a finding, and no marker exists
        Sandbox.Run check = Sandbox.cli("check", repo.toString());
        assertThat(check.out()).contains("non-literal-value").contains("002_second.py");
        try (var s = Files.list(markers)) {
            assertThat(s.toList())
                    .as("markers created by running repository code")
                    .isEmpty();
        }
    }

    @Test
    void theIngestAndAnalyzerPipelineRunsNoneOfIt() throws Exception {
        Path markers = Files.createDirectories(tmp.resolve("markers"));
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                GitFixture git = GitFixture.create(tmp.resolve("git"))) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                Topics.create(admin, 1, (short) 1);
            }
            // Given the hostile repository pushed to a remote
            hostileRepository((p, c) -> git.write(p, c), markers);
            git.commit("hostile");
            git.push("main", false);
            IngestSettings settings = IngestSettings.defaults()
                    .withRemoteTimeout(Duration.ofSeconds(20))
                    .withBackoff(new Backoff(Duration.ZERO, Duration.ZERO))
                    .withEnv(Map.of());
            try (IngestService ingest = new IngestService(
                            OrgConfig.of(List.of(RepositorySpec.of(
                                    "org/hostile", git.remote().toString()))),
                            settings,
                            Map.of("bootstrap.servers", kafka.bootstrapServers()),
                            tmp.resolve("work"),
                            new SimpleMeterRegistry());
                    AnalyzerService analyzer = new AnalyzerService(
                                    Kafkas.analyzer(
                                            kafka.bootstrapServers(),
                                            "nocode-" + System.nanoTime(),
                                            "nocode",
                                            tmp.resolve("state"),
                                            false),
                                    new SimpleMeterRegistry())
                            .started()) {
                // When ingest publishes it and the analyzer grades it
                CycleReport r = ingest.pollOnce();
                assertThat(r.repo("org/hostile").orElseThrow().status()).isEqualTo(CycleReport.Status.OK);
                List<ConsumerRecord<String, HealthReport>> health = Kafkas.read(
                        kafka.bootstrapServers(),
                        Topics.HEALTH.name(),
                        Topics.HEALTH.valueSerde().deserializer(),
                        false,
                        Duration.ofSeconds(60),
                        l -> !l.isEmpty());

                // Then the report is there, with the non-literal value as a finding, and no marker exists
                assertThat(health).hasSize(1);
                HealthReport h = health.get(0).value();
                assertThat(h.repo()).isEqualTo("org/hostile");
                assertThat(h.findings()).anyMatch(f -> f.check().equals("non-literal-value"));
                try (var s = Files.list(markers)) {
                    assertThat(s.toList())
                            .as("markers created by running repository code")
                            .isEmpty();
                }
            }
        }
    }
}
