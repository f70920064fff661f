package io.revchain.ingest.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.revchain.core.config.OrgConfig;
import io.revchain.core.config.RepositorySpec;
import io.revchain.ingest.service.CycleReport;
import io.revchain.ingest.service.IngestService;
import io.revchain.ingest.service.IngestSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;

/**
 * Ingest throughput on a generated organisation: {@code repos} git repositories, each holding one linear Alembic
 * chain of {@code revisionsPerRepo} migrations in one commit. One cold poll cycle clones every repository, discovers
 * its version folder, parses every file and publishes it (acknowledged by the broker, {@code acks=all}); a second
 * cycle on a new service with the same work directory adds one revision per repository (fetch, diff, parse,
 * publish). Files/s counts {@code FileChanged} events acknowledged per second of wall time.
 */
public final class IngestBenchmark {
    private IngestBenchmark() {}

    /**
     * One measurement.
     *
     * @param repos            repositories in the organisation
     * @param files            files published by the cold cycle
     * @param coldSeconds      wall time of the cold cycle (clone + scan + parse + publish)
     * @param filesPerSecond   {@code files / coldSeconds}
     * @param deltaFiles       files published by the incremental cycle
     * @param deltaSeconds     wall time of the incremental cycle (fetch + diff + parse + publish)
     */
    public record Result(
            int repos, int files, double coldSeconds, double filesPerSecond, int deltaFiles, double deltaSeconds) {
        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "ingest: %d repos, %d files in %.2f s cold = %.0f files/s parsed and "
                            + "published; incremental cycle: %d files in %.2f s",
                    repos,
                    files,
                    coldSeconds,
                    filesPerSecond,
                    deltaFiles,
                    deltaSeconds);
        }
    }

    public static Result run(int repos, int revisionsPerRepo, Path workDir, String bootstrap)
            throws IOException, GitAPIException {
        String run = Long.toString(System.nanoTime(), 36);
        Path org = workDir.resolve("org-" + run);
        List<RepositorySpec> specs = new ArrayList<>();
        for (int r = 0; r < repos; r++) {
            Path dir = org.resolve("repo-" + r);
            generate(dir, revisionsPerRepo);
            specs.add(RepositorySpec.of("bench-" + run + "/repo-" + r, dir.toString()));
        }
        OrgConfig config = OrgConfig.of(specs);
        Map<String, Object> kafka = Map.of("bootstrap.servers", bootstrap);
        IngestSettings settings = IngestSettings.defaults().withEnv(Map.of());
        Path ingestWork = workDir.resolve("ingest-" + run);
        CycleReport cold;
        try (IngestService ingest = new IngestService(config, settings, kafka, ingestWork, new SimpleMeterRegistry())) {
            cold = ingest.pollOnce();
        }
        for (int r = 0; r < repos; r++) {
            addRevision(org.resolve("repo-" + r), revisionsPerRepo);
        }
        CycleReport delta;
        try (IngestService ingest = new IngestService(config, settings, kafka, ingestWork, new SimpleMeterRegistry())) {
            delta = ingest.pollOnce();
        }
        double coldSeconds = cold.took().toNanos() / 1e9;
        return new Result(
                repos,
                cold.files(),
                coldSeconds,
                cold.files() / coldSeconds,
                delta.files(),
                delta.took().toNanos() / 1e9);
    }

    private static void generate(Path dir, int revisions) throws IOException, GitAPIException {
        Path versions = dir.resolve("migrations/versions");
        Files.createDirectories(versions);
        Files.writeString(dir.resolve("alembic.ini"), "[alembic]\nscript_location = migrations\n");
        Files.writeString(dir.resolve("migrations/env.py"), "# env\n");
        for (int i = 0; i < revisions; i++) {
            write(versions, i);
        }
        try (Git git =
                Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            git.commit().setMessage("generated chain").setSign(false).call();
        }
    }

    private static void addRevision(Path dir, int index) throws IOException, GitAPIException {
        write(dir.resolve("migrations/versions"), index);
        try (Git git = Git.open(dir.toFile())) {
            git.add().addFilepattern(".").call();
            git.commit().setMessage("one more revision").setSign(false).call();
        }
    }

    private static void write(Path versions, int i) throws IOException {
        String rev = String.format(Locale.ROOT, "%012x", 0xabc000000L + i);
        String down = i == 0 ? "None" : "'" + String.format(Locale.ROOT, "%012x", 0xabc000000L + i - 1) + "'";
        String text = "\"\"\"revision " + i + "\n\nRevision ID: " + rev + "\nRevises: "
                + (i == 0 ? "" : down.replace("'", "")) + "\nCreate Date: 2026-01-01 00:00:00\n\n"
                + "Constitutional hash: cdd01ef066bc6cf2\n\"\"\"\nfrom alembic import op\nimport sqlalchemy as sa\n\n"
                + "revision = '" + rev + "'\ndown_revision = " + down
                + "\nbranch_labels = None\ndepends_on = None\n\n\n"
                + "def upgrade():\n    op.create_table(\n        't" + i + "',\n        sa.Column('id', sa.Integer(), "
                + "primary_key=True),\n        sa.Column('name', sa.String(200), nullable=False),\n    )\n\n\n"
                + "def downgrade():\n    op.drop_table('t" + i + "')\n";
        Files.writeString(
                versions.resolve(String.format(Locale.ROOT, "%04d_rev_%s.py", i, rev)), text, StandardCharsets.UTF_8);
    }

    /** {@code IngestBenchmark <bootstrap> [repos] [revisionsPerRepo] [workDir]}; prints the result. */
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println(
                    "usage: IngestBenchmark <bootstrap.servers> [repos=20] [revisionsPerRepo=100] [workDir]");
            System.exit(2);
        }
        int repos = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int revisions = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        Path dir = args.length > 3 ? Path.of(args[3]) : Files.createTempDirectory("revchain-ingest-bench");
        System.out.println(run(repos, revisions, dir, args[0]));
    }
}
