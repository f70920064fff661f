package io.revchain.git;

import static io.revchain.testkit.GitFixture.migration;
import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.core.alembic.AlembicRelease;
import io.revchain.core.discovery.ChainPlan;
import io.revchain.core.discovery.ChainResolver;
import io.revchain.core.model.FieldState;
import io.revchain.core.model.MigrationScript;
import io.revchain.core.parse.ConstantResolver;
import io.revchain.core.parse.MigrationParser;
import io.revchain.core.tree.DiskTree;
import io.revchain.core.tree.SourceTree;
import io.revchain.git.layout.FileDelta;
import io.revchain.git.layout.Layout;
import io.revchain.git.layout.LayoutResolver;
import io.revchain.testkit.GitFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promise behind the dashboard: a commit's chains, resolved by ingest over the git tree, are exactly the chains
 * {@code revchain check} resolves over a checkout of the same commit ({@code ChainResolver} on a {@link DiskTree}),
 * chain for chain, on a repository made with JGit: named ini sections, a {@code package:path} script location,
 * OpenStack-style release sub-folders linking into the top level, and a dialect sub-folder that is a chain of its
 * own.
 */
class GitTreeLayoutTest {

    @TempDir
    Path tmp;

    private static final String INI = """
            [core]
            script_location = db/core
            file_template = %%(year)d%%(month).2d%%(day).2d_%%(rev)s_%%(slug)s

            [tenant]
            script_location = app.db:tenant

            [neutron]
            script_location = neutron_db/migration
            """;

    private static GitFixture repository(Path dir) throws Exception {
        GitFixture g = GitFixture.create(dir);
        String neutron = "neutron_db/migration/versions/";
        g.write("alembic.ini", INI)
                .write("requirements.txt", "alembic==1.13.2\nsqlalchemy\n")
                .write("db/core/env.py", "# env\n")
                .write("db/core/versions/20240101_c1_init.py", migration("c1", null))
                .write("db/core/versions/20240102_c2_users.py", migration("c2", "c1"))
                .write("src/app/__init__.py", "")
                .write("src/app/db/__init__.py", "")
                .write("src/app/db/tenant/env.py", "# env\n")
                .write("src/app/db/tenant/versions/t1_init.py", migration("t1", null))
                .write("src/app/db/tenant/versions/t2_more.py", migration("t2", "t1"))
                .write(neutron + "n0_initial.py", migration("n0", null))
                .write(neutron + "2023.1/expand/e1_add.py", migration("e1", "n0"))
                .write(neutron + "2023.1/contract/k1_drop.py", migration("k1", "n0"))
                .write(neutron + "2023.2/expand/e2_add.py", migration("e2", "e1"))
                .write(neutron + "postgresql/p1_pg.py", migration("p1", null))
                .write(neutron + "postgresql/p2_pg.py", migration("p2", "p1"))
                .write("README.md", "docs\n");
        return g;
    }

    @Test
    void ingestResolvesTheChainsCheckResolvesOnACheckoutOfTheSameCommit() throws Exception {
        try (GitFixture g = repository(tmp.resolve("git"))) {
            RevCommit c = g.commit("layout");
            ChainResolver.Resolution onDisk =
                    ChainResolver.resolve(new DiskTree(g.work()), ChainResolver.Options.DEFAULT);
            LayoutResolver.Resolved inGit;
            List<FileDelta> files;
            try (RepoScanner scanner = new RepoScanner(g.repository())) {
                inGit = scanner.layout(c, List.of());
                files = scanner.fullScan(c, inGit.layout());
            }

            // Then every plan is the same record: names, folders, notes, findings, file_template, release
            assertThat(inGit.plans()).isEqualTo(onDisk.chains());
            // and the layout holds those chains, chain for chain
            List<ChainPlan> resolved =
                    onDisk.chains().stream().filter(ChainPlan::resolved).toList();
            assertThat(inGit.layout().chains()).hasSameSizeAs(resolved);
            for (int i = 0; i < resolved.size(); i++) {
                Layout.Chain chain = inGit.layout().chains().get(i);
                ChainPlan plan = resolved.get(i);
                assertThat(chain.name()).isEqualTo(plan.name());
                assertThat(chain.folders()).isEqualTo(plan.folders());
                assertThat(chain.versionLocations()).isEqualTo(plan.versionLocations());
                assertThat(chain.fileTemplate()).isEqualTo(plan.fileTemplate());
                assertThat(chain.release()).isEqualTo(plan.release());
            }

            // What they are: three sections, the package resolved inside the repository, the release folders
            // joined to the top level, and the dialect folder a chain of its own
            String v = "neutron_db/migration/versions";
            assertThat(inGit.layout().chains())
                    .extracting(Layout.Chain::name)
                    .containsExactly("core", "tenant", "neutron", "neutron/postgresql");
            Layout layout = inGit.layout();
            assertThat(layout.chains().get(0).fileTemplate()).contains("(year)d");
            assertThat(layout.chains())
                    .allSatisfy(ch -> assertThat(ch.release()).isEqualTo(new AlembicRelease(1, 13, 2)));
            assertThat(layout.chains().get(1).folders()).containsExactly("src/app/db/tenant/versions");
            assertThat(layout.chains().get(2).folders())
                    .containsExactly(v, v + "/2023.1/contract", v + "/2023.1/expand", v + "/2023.2/expand");
            assertThat(layout.chains().get(3).folders()).containsExactly(v + "/postgresql");

            // and a full scan lists each file once, each in its chain
            assertThat(files)
                    .extracting(d -> layout.chainOf(d.path()) + " " + d.path())
                    .containsExactly(
                            "core db/core/versions/20240101_c1_init.py",
                            "core db/core/versions/20240102_c2_users.py",
                            "tenant src/app/db/tenant/versions/t1_init.py",
                            "tenant src/app/db/tenant/versions/t2_more.py",
                            "neutron " + v + "/n0_initial.py",
                            "neutron " + v + "/2023.1/contract/k1_drop.py",
                            "neutron " + v + "/2023.1/expand/e1_add.py",
                            "neutron " + v + "/2023.2/expand/e2_add.py",
                            "neutron/postgresql " + v + "/postgresql/p1_pg.py",
                            "neutron/postgresql " + v + "/postgresql/p2_pg.py");
        }
    }

    @Test
    void ingestResolvesModuleConstantsAsCheckDoesOnTheCheckout() throws Exception {
        try (GitFixture g = GitFixture.create(tmp.resolve("consts"))) {
            g.write("alembic.ini", "[alembic]\nscript_location = mypkg/db\n")
                    .write("mypkg/__init__.py", "")
                    .write("mypkg/cli.py", "EXPAND_BRANCH = 'expand'\n")
                    .write(
                            "mypkg/db/versions/a.py",
                            "from mypkg import cli\nrevision = 'a'\ndown_revision = None\n"
                                    + "branch_labels = (cli.EXPAND_BRANCH,)\n");
            RevCommit c = g.commit("constants");
            String path = "mypkg/db/versions/a.py";
            byte[] bytes = Files.readAllBytes(g.work().resolve(path));
            MigrationScript parsed = new MigrationParser(null).parse(path, bytes);
            assertThat(parsed.branchLabels().state()).isEqualTo(FieldState.NON_LITERAL);
            MigrationScript onDisk = new ConstantResolver().resolve(parsed, bytes, new DiskTree(g.work()));
            MigrationScript inGit;
            try (RepoScanner scanner = new RepoScanner(g.repository());
                    ObjectReader reader = g.repository().newObjectReader()) {
                String blob = TreeWalk.forPath(reader, path, c.getTree())
                        .getObjectId(0)
                        .name();
                inGit = scanner.resolveConstants(c, parsed, blob);
            }
            assertThat(inGit).isEqualTo(onDisk);
            assertThat(inGit.branchLabelValues()).containsExactly("expand");
            assertThat(inGit.branchLabels().origin()).isEqualTo("mypkg/cli.py:1 EXPAND_BRANCH");
        }
    }

    @Test
    void theGitTreeAnswersAsTheCheckoutDoesForEveryPath() throws Exception {
        try (GitFixture g = repository(tmp.resolve("git"))) {
            // a folder and a file whose git order differs from Python's ("a.py" < "a/" for git, "a" < "a.py" here),
            // and a name above U+FFFD
            g.write("x/a/001_a.py", migration("a", null))
                    .write("x/a.py", "# a\n")
                    .write("x/\uFFFD.py", "# replacement\n")
                    .write("x/\uD83D\uDE00.py", "# emoji\n");
            RevCommit c = g.commit("names");
            DiskTree disk = new DiskTree(g.work());
            try (ObjectReader reader = g.repository().newObjectReader()) {
                GitTree git = new GitTree(reader, c.getTree());
                assertThat(git.list("x")).containsExactly("a", "a.py", "\uFFFD.py", "\uD83D\uDE00.py");
                Deque<String> queue = new ArrayDeque<>(List.of(""));
                int compared = 0;
                while (!queue.isEmpty()) {
                    String folder = queue.poll();
                    List<String> names = disk.list(folder).stream()
                            .filter(n -> !n.equals(".git"))
                            .toList();
                    assertThat(git.list(folder)).as("list %s", folder).isEqualTo(names);
                    for (String name : names) {
                        String p = SourceTree.join(folder, name);
                        assertThat(git.kind(p)).as("kind %s", p).isEqualTo(disk.kind(p));
                        if (disk.kind(p) == SourceTree.Kind.FOLDER) {
                            queue.add(p);
                        } else {
                            assertThat(git.read(p, 1 << 20).orElseThrow())
                                    .isEqualTo(Files.readAllBytes(g.work().resolve(p)));
                        }
                        compared++;
                    }
                }
                assertThat(compared).isGreaterThan(30);
                assertThat(git.kind("x/missing.py")).isEqualTo(SourceTree.Kind.MISSING);
                assertThat(git.kind("README.md/below")).isEqualTo(SourceTree.Kind.MISSING);
                assertThat(git.kind("../outside")).isEqualTo(SourceTree.Kind.OTHER);
                assertThat(git.failure()).isEmpty();
            }
        }
    }

    @Test
    void linksAreNeverFollowedAndReadsAreBounded() throws Exception {
        try (GitFixture g = repository(tmp.resolve("git"))) {
            Files.createSymbolicLink(g.work().resolve("linked"), Path.of("db"));
            RevCommit c = g.commit("link");
            try (ObjectReader reader = g.repository().newObjectReader()) {
                GitTree git = new GitTree(reader, c.getTree());
                // a checkout's link may point anywhere: in a commit it is neither a file nor a folder
                assertThat(git.kind("linked")).isEqualTo(SourceTree.Kind.OTHER);
                assertThat(git.kind("linked/core")).isEqualTo(SourceTree.Kind.OTHER);
                assertThat(git.list("linked")).isEmpty();
                assertThat(git.read("linked", 1 << 20)).isEmpty();
                assertThat(git.files("linked")).isEmpty();
                // a read over the limit gives nothing; a head gives at most n bytes
                byte[] ini = INI.getBytes(StandardCharsets.UTF_8);
                assertThat(git.read("alembic.ini", ini.length - 1)).isEmpty();
                assertThat(git.read("alembic.ini", ini.length)).contains(ini);
                assertThat(git.head("alembic.ini", 6))
                        .hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.UTF_8))
                                .isEqualTo("[core]"));
                assertThat(git.head("db", 6)).isEmpty();
            }
        }
    }
}
