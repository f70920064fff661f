package io.revchain.app.demo;

import io.revchain.deployments.SqliteStamp;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.MergeResult;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.transport.URIish;

/**
 * Builds the demo's organisation on disk: git repositories with bare remotes, in the states the mission is about
 * — the ACGS-2 services (19 files, 3 roots, 7 broken references), a healthy service, one whose two feature
 * branches were merged into two heads, one with a duplicated revision id — and the {@code revchain.yaml} that
 * lists them.
 */
public final class DemoOrganisation {

    /** One repository of the demo: its id, its bare remote, and what is wrong with it. */
    public record Repo(String id, Path remote, String story, boolean broken) {}

    /** The organisation: its {@code revchain.yaml} and its repositories. */
    public record Org(Path root, Path config, List<Repo> repos) {}

    /**
     * What each repository's two environments have applied, as Alembic would have stamped them: staging behind the
     * code, prod at the code's head(s). orders' prod stands on both heads the two merged feature branches left, so
     * its fix must be a merge revision (re-pointing either head would re-point an applied revision); acgs2's
     * databases stand only on its root or on nothing, which no repair of its chain re-points.
     */
    static final Map<String, Map<String, List<String>>> STAMPS = Map.of(
            "acgs2-services", stamps(List.of(), List.of("82069bc89d27")),
            "billing", stamps(List.of("3b2c4d5e6f70"), List.of("4c3d5e6f7081")),
            "orders", stamps(List.of("a0b1c2d3e4f5"), List.of("b1c2d3e4f5a6", "c2d3e4f5a6b7")),
            "inventory", stamps(List.of("d3e4f5a6b7c8"), List.of("d3e4f5a6b7c8")));

    private static Map<String, List<String>> stamps(List<String> staging, List<String> prod) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("staging", staging);
        m.put("prod", prod);
        return m;
    }

    private static final PersonIdent DEV = new PersonIdent("Dev Eloper", "dev@example.org");
    private static final String ACGS2_FIXTURE = "/demo/acgs2/";

    private final Path root;
    private long clock = Instant.parse("2024-01-01T09:00:00Z").toEpochMilli();

    private DemoOrganisation(Path root) {
        this.root = root;
    }

    public static Org create(Path root) throws IOException, GitAPIException {
        return new DemoOrganisation(root).build();
    }

    private Org build() throws IOException, GitAPIException {
        Files.createDirectories(root.resolve("remotes"));
        List<Repo> repos = new ArrayList<>();
        repos.add(acgs2());
        repos.add(healthy());
        repos.add(twoHeads());
        repos.add(duplicate());
        Files.createDirectories(root.resolve("databases"));
        StringBuilder yaml = new StringBuilder("# revchain demo organisation\ninterval: 2\nrepositories:\n");
        for (Repo r : repos) {
            yaml.append("  - id: ")
                    .append(r.id())
                    .append('\n')
                    .append("    url: ")
                    .append(r.remote().toUri())
                    .append('\n')
                    .append("    branches: [main]\n")
                    .append("    push: true\n");
            if (r.id().equals("billing")) {
                // the pre-merge check: feature branches are previewed as merges into main
                yaml.append("    candidates: [\"feature/*\"]\n");
            }
            if (r.id().equals("acgs2-services")) {
                yaml.append("    policy: acgs2\n    strategy: linearize\n");
            } else {
                yaml.append("    strategy: merge\n");
            }
            yaml.append("    environments:\n");
            for (Map.Entry<String, List<String>> e : STAMPS.get(r.id()).entrySet()) {
                Path db = root.resolve("databases")
                        .resolve(r.id() + "-" + e.getKey() + ".db")
                        .toAbsolutePath();
                SqliteStamp.create(db, e.getValue());
                yaml.append("      ")
                        .append(e.getKey())
                        .append(": {url: \"sqlite:///")
                        .append(db)
                        .append("\"}\n");
            }
        }
        Path config = Files.writeString(root.resolve("revchain.yaml"), yaml.toString());
        return new Org(root, config, List.copyOf(repos));
    }

    private Repo acgs2() throws IOException, GitAPIException {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("alembic.ini", resource(ACGS2_FIXTURE + "alembic.ini"));
        for (String name : resource(ACGS2_FIXTURE + "index.txt").split("\n")) {
            if (!name.isBlank() && !name.startsWith("#")) {
                files.put("migrations/versions/" + name, resource(ACGS2_FIXTURE + "migrations/versions/" + name));
            }
        }
        try (Work w = repo("acgs2-services")) {
            // One commit per file, in Create Date order, the way the history really grew.
            w.commit("add alembic.ini", Map.of("alembic.ini", files.remove("alembic.ini")));
            for (Map.Entry<String, String> e : files.entrySet()) {
                w.commit(
                        "add " + e.getKey().substring(e.getKey().lastIndexOf('/') + 1),
                        Map.of(e.getKey(), e.getValue()));
            }
            w.push();
            return new Repo(
                    "acgs2-services",
                    w.remote,
                    "19 files, 3 roots, 7 broken references, duplicate 004_/006_ prefixes",
                    true);
        }
    }

    private Repo healthy() throws IOException, GitAPIException {
        try (Work w = repo("billing")) {
            w.commit("alembic setup", Map.of("alembic.ini", ini()));
            String prev = null;
            String[] ids = {"1f0e2d3c4b5a", "2a1b3c4d5e6f", "3b2c4d5e6f70", "4c3d5e6f7081"};
            String[] msgs = {"create invoices", "add invoice lines", "add currency", "index invoice dates"};
            for (int i = 0; i < ids.length; i++) {
                w.commit(msgs[i], Map.of(path(ids[i], msgs[i]), migration(ids[i], prev, msgs[i], i)));
                prev = ids[i];
            }
            w.push();
            return new Repo("billing", w.remote, "healthy: one linear chain", false);
        }
    }

    private Repo twoHeads() throws IOException, GitAPIException {
        try (Work w = repo("orders")) {
            w.commit("alembic setup", Map.of("alembic.ini", ini()));
            w.commit(
                    "create orders",
                    Map.of(path("a0b1c2d3e4f5", "create orders"), migration("a0b1c2d3e4f5", null, "create orders", 0)));
            w.git.branchCreate().setName("feature/discounts").call();
            w.git.branchCreate().setName("feature/shipping").call();
            w.checkout("feature/discounts");
            w.commit(
                    "add discounts",
                    Map.of(
                            path("b1c2d3e4f5a6", "add discounts"),
                            migration("b1c2d3e4f5a6", "a0b1c2d3e4f5", "add discounts", 1)));
            w.checkout("feature/shipping");
            w.commit(
                    "add shipping",
                    Map.of(
                            path("c2d3e4f5a6b7", "add shipping"),
                            migration("c2d3e4f5a6b7", "a0b1c2d3e4f5", "add shipping", 2)));
            w.checkout("main");
            w.merge("feature/discounts");
            w.merge("feature/shipping");
            w.push();
            return new Repo("orders", w.remote, "two feature branches merged: two heads", true);
        }
    }

    private Repo duplicate() throws IOException, GitAPIException {
        try (Work w = repo("inventory")) {
            w.commit("alembic setup", Map.of("alembic.ini", ini()));
            w.commit(
                    "create items",
                    Map.of(path("d3e4f5a6b7c8", "create items"), migration("d3e4f5a6b7c8", null, "create items", 0)));
            w.commit(
                    "add stock",
                    Map.of(
                            path("e4f5a6b7c8d9", "add stock"),
                            migration("e4f5a6b7c8d9", "d3e4f5a6b7c8", "add stock", 1)));
            // A second file generated with the same id on another branch, merged later.
            w.commit(
                    "add warehouses",
                    Map.of(
                            "migrations/versions/e4f5a6b7c8d9_add_warehouses.py",
                            migration("e4f5a6b7c8d9", "d3e4f5a6b7c8", "add warehouses", 2)));
            w.push();
            return new Repo("inventory", w.remote, "two files declare revision e4f5a6b7c8d9", true);
        }
    }

    private static String ini() {
        return "[alembic]\nscript_location = %(here)s/migrations\n";
    }

    static String path(String id, String msg) {
        return "migrations/versions/" + id + "_" + msg.replace(' ', '_') + ".py";
    }

    static String migration(String id, String down, String msg, int day) {
        return "\"\"\"" + msg + "\n\nRevision ID: " + id + "\nRevises: " + (down == null ? "" : down)
                + "\nCreate Date: 2024-02-" + String.format("%02d", day + 1) + " 10:00:00.000000\n\n\"\"\"\n"
                + "from alembic import op\nimport sqlalchemy as sa\n\n\n# revision identifiers, used by Alembic.\n"
                + "revision = '" + id + "'\ndown_revision = " + (down == null ? "None" : "'" + down + "'") + "\n"
                + "branch_labels = None\ndepends_on = None\n\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n";
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = DemoOrganisation.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing demo resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private Work repo(String id) throws IOException, GitAPIException {
        Path remote = root.resolve("remotes").resolve(id + ".git");
        Git.init()
                .setBare(true)
                .setInitialBranch("main")
                .setDirectory(remote.toFile())
                .call()
                .close();
        Path work = root.resolve("work").resolve(id);
        Git git =
                Git.init().setInitialBranch("main").setDirectory(work.toFile()).call();
        try {
            git.remoteAdd()
                    .setName("origin")
                    .setUri(new URIish(remote.toUri().toString()))
                    .call();
        } catch (URISyntaxException e) {
            throw new IOException("bad remote path " + remote, e);
        }
        return new Work(git, work, remote);
    }

    /** A working copy being filled with commits. */
    private final class Work implements AutoCloseable {
        final Git git;
        final Path dir;
        final Path remote;

        Work(Git git, Path dir, Path remote) {
            this.git = git;
            this.dir = dir;
            this.remote = remote;
        }

        void commit(String message, Map<String, String> files) throws IOException, GitAPIException {
            for (Map.Entry<String, String> e : files.entrySet()) {
                Path p = dir.resolve(e.getKey());
                Files.createDirectories(p.getParent());
                Files.writeString(p, e.getValue());
                git.add().addFilepattern(e.getKey()).call();
            }
            PersonIdent when = new PersonIdent(DEV, clock += 3_600_000, 0);
            git.commit()
                    .setMessage(message)
                    .setAuthor(when)
                    .setCommitter(when)
                    .setSign(false)
                    .call();
        }

        void checkout(String branch) throws GitAPIException {
            git.checkout().setName(branch).call();
        }

        void merge(String branch) throws GitAPIException, IOException {
            PersonIdent when = new PersonIdent(DEV, clock += 3_600_000, 0);
            MergeResult r = git.merge()
                    .include(git.getRepository().resolve(branch))
                    .setMessage("Merge " + branch)
                    .setCommit(false)
                    .call();
            if (!r.getMergeStatus().isSuccessful()) {
                throw new IOException("demo merge of " + branch + " failed: " + r.getMergeStatus());
            }
            git.commit()
                    .setMessage("Merge " + branch)
                    .setAuthor(when)
                    .setCommitter(when)
                    .setSign(false)
                    .call();
        }

        void push() throws GitAPIException {
            git.push().setRemote("origin").setPushAll().call();
        }

        @Override
        public void close() {
            git.close();
        }
    }
}
