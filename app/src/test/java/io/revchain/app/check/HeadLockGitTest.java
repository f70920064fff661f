package io.revchain.app.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.app.Main;
import io.revchain.testkit.GitFixture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.MergeResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code revchain lock} in a real git repository: two branches that each add a migration on the same head and lock
 * it conflict on the head file when the second is merged, although their migrations are different files that git
 * would merge cleanly into a chain with two heads.
 */
class HeadLockGitTest {

    static final String LOCK = "migrations/versions/.revchain-head";

    @TempDir
    Path tmp;

    record Cli(int exit, String out, String err) {}

    static Cli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Cli(code, out.toString(), err.toString());
    }

    static GitFixture add(GitFixture git, String id, String down) throws Exception {
        return git.write("migrations/versions/" + id + "_step.py", GitFixture.migration(id, down));
    }

    GitFixture lock(GitFixture git) {
        Cli r = run("lock", git.work().toString());
        assertThat(r.exit()).as(r.err()).isZero();
        return git;
    }

    @Test
    void twoBranchesThatEachAddAMigrationConflictOnTheHeadFile() throws Exception {
        try (GitFixture git = GitFixture.create(tmp)) {
            // Given main at a1 ← b2, locked; feature/x adds c3 on b2 and feature/y adds d4 on b2, each locked
            git.write("alembic.ini", "[alembic]\nscript_location = migrations\n");
            lock(add(add(git, "a1", null), "b2", "a1")).commit("chain, locked");
            assertThat(Files.readString(git.work().resolve(LOCK))).endsWith("\nb2\n");
            git.branch("feature/x", "main");
            lock(add(git, "c3", "b2")).commit("x: add c3");
            git.branch("feature/y", "main");
            lock(add(git, "d4", "b2")).commit("y: add d4");

            // When feature/x is merged into main, then feature/y
            git.checkout("main", false);
            git.merge("feature/x", "merge x");
            MergeResult second = git.git()
                    .merge()
                    .include(git.repository().resolve("feature/y"))
                    .setCommit(false)
                    .call();

            // Then git stops on the head file alone: the two migrations are different files
            assertThat(second.getMergeStatus()).isEqualTo(MergeResult.MergeStatus.CONFLICTING);
            assertThat(second.getConflicts()).containsOnlyKeys(LOCK);
            assertThat(Files.readString(git.work().resolve(LOCK)))
                    .contains("<<<<<<<")
                    .contains("c3")
                    .contains("d4");

            // And check fails on the conflicted file, saying what to do
            Cli conflicted = run("check", git.work().toString());
            assertThat(conflicted.exit()).isEqualTo(1);
            assertThat(conflicted.out())
                    .contains("error   stale-head-lock  " + LOCK + ":3")
                    .contains("still holds git's conflict markers")
                    .contains("run 'revchain lock'");

            // When the developer puts d4 after c3 and locks again, the chain is one line and check passes
            add(git, "d4", "c3");
            lock(git);
            assertThat(Files.readString(git.work().resolve(LOCK))).endsWith("\nd4\n");
            Cli resolved = run("check", git.work().toString());
            assertThat(resolved.exit()).as(resolved.out()).isZero();
            assertThat(resolved.out()).contains("1 head [d4]");
        }
    }
}
