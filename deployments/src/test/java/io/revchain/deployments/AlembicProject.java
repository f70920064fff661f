package io.revchain.deployments;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.analysis.RevisionGraph;
import io.revchain.core.model.MigrationScript;
import io.revchain.core.model.Policy;
import io.revchain.core.parse.MigrationParser;
import io.revchain.testkit.AlembicOracle;
import io.revchain.testkit.AlembicProjectFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A small Alembic project on disk whose {@code env.py} connects to the database a test names, so that real Alembic
 * 1.8.1 stamps (and upgrades) the same database revchain then reads. Migrations have empty bodies: running them
 * only moves the version table.
 */
final class AlembicProject {
    private final Path root;
    private final String sqlalchemyUrl;
    private final String table;
    private final String schema;

    AlembicProject(Path root, String sqlalchemyUrl, String table, String schema) throws IOException {
        this.root = root;
        this.sqlalchemyUrl = sqlalchemyUrl;
        this.table = table;
        this.schema = schema;
        AlembicProjectFiles.write(root);
    }

    Path root() {
        return root;
    }

    Path versions() {
        return root.resolve("migrations/versions");
    }

    /** Adds the migration {@code id} on {@code down} (none: a base). */
    AlembicProject add(String id, String... down) throws IOException {
        return add(id, List.of(down), List.of());
    }

    /** Adds the migration {@code id} on {@code down}, depending on {@code dependsOn} too. */
    AlembicProject add(String id, List<String> downList, List<String> dependsOn) throws IOException {
        String[] down = downList.toArray(String[]::new);
        String downValue = down.length == 0
                ? "None"
                : down.length == 1 ? "'" + down[0] + "'" : "(" + String.join(", ", quoted(down)) + ")";
        Files.writeString(
                versions().resolve(id + "_step.py"),
                "\"\"\"step " + id + "\n\nRevision ID: " + id + "\nRevises: " + String.join(", ", down)
                        + "\n\"\"\"\nrevision = '" + id + "'\ndown_revision = " + downValue
                        + "\nbranch_labels = None\ndepends_on = "
                        + (dependsOn.isEmpty()
                                ? "None"
                                : "(" + String.join(", ", quoted(dependsOn.toArray(String[]::new))) + ",)")
                        + "\n\n\ndef upgrade():\n    pass\n\n\n"
                        + "def downgrade():\n    pass\n");
        return this;
    }

    /** Deletes the file of {@code id}: the code no longer has it. */
    AlembicProject delete(String id) throws IOException {
        Files.delete(versions().resolve(id + "_step.py"));
        return this;
    }

    private static List<String> quoted(String[] ids) {
        List<String> out = new ArrayList<>();
        for (String id : ids) {
            out.add("'" + id + "'");
        }
        return out;
    }

    /** Real Alembic on this project's database: {@code alembic ARGS}. */
    AlembicOracle.Run alembic(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(
                List.of("-m", "alembic", "-c", root.resolve("alembic.ini").toString()));
        cmd.addAll(List.of(args));
        AlembicOracle.Invocation inv = AlembicOracle.Invocation.of(cmd.toArray(String[]::new))
                .in(root)
                .with("RC_URL", sqlalchemyUrl)
                .with("RC_TABLE", table == null ? "" : table)
                .with("RC_SCHEMA", schema == null ? "" : schema);
        return AlembicOracle.run(inv);
    }

    /** Real Alembic, which must succeed. */
    void ok(String... args) throws IOException, InterruptedException {
        AlembicOracle.Run r = alembic(args);
        assertThat(r.exit())
                .as("alembic %s: %s", String.join(" ", args), r.err())
                .isZero();
    }

    /** The code's chain as revchain reads it, in the order Alembic 1.8.1 loads it (os.listdir: the JDK lists with the same readdir). */
    RevisionGraph graph() throws IOException {
        MigrationParser parser = new MigrationParser(Policy.alembic().marker());
        List<MigrationScript> scripts = new ArrayList<>();
        try (Stream<Path> files = Files.list(versions())) {
            for (Path f : files.filter(p -> p.toString().endsWith(".py")).toList()) {
                scripts.add(parser.parse(
                        "migrations/versions/" + f.getFileName(),
                        Files.readString(f, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8)));
            }
        }
        return RevisionGraph.inLoadOrder(scripts);
    }
}
