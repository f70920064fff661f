package io.revchain.app.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.analysis.deploy.Retired;
import io.revchain.testkit.GitFixture;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitRetiredTest {

    private static String migration(String id, String down) {
        return "revision = '" + id + "'\ndown_revision = " + (down == null ? "None" : "'" + down + "'")
                + "\n\ndef upgrade():\n    pass\n";
    }

    @Test
    void aDeletedFileAndAFileWhoseIdChangedAreNamedWithTheirCommits(@TempDir Path dir) throws Exception {
        try (GitFixture git = GitFixture.create(dir)) {
            git.write("db/versions/a1.py", migration("a1", null))
                    .write("db/versions/b2.py", migration("b2", "a1"))
                    .write("db/versions/c3.py", migration("c3", "b2"));
            RevCommit first = git.commit("three");
            git.delete("db/versions/c3.py");
            RevCommit deleted = git.commit("withdraw c3");
            git.write("db/versions/b2.py", migration("b9", "a1"));
            RevCommit changed = git.commit("b2 becomes b9");

            Map<String, Retired> index = GitRetired.scan(git.work());

            assertThat(index).containsOnlyKeys("c3", "b2");
            Retired c3 = index.get("c3");
            assertThat(c3.path()).isEqualTo("db/versions/c3.py");
            assertThat(c3.downRevisions()).containsExactly("b2");
            assertThat(c3.lastCommit()).isEqualTo(first.abbreviate(10).name());
            assertThat(c3.goneIn()).isEqualTo(deleted.abbreviate(10).name());
            assertThat(c3.renamedTo()).isNull();
            Retired b2 = index.get("b2");
            assertThat(b2.renamedTo()).isEqualTo("db/versions/b2.py");
            assertThat(b2.goneIn()).isEqualTo(changed.abbreviate(10).name());
            assertThat(GitRetired.lookup(git.work()).apply("a1")).isEmpty();
        }
    }

    @Test
    void aFolderOutsideGitHasNoHistory(@TempDir Path dir) {
        assertThat(GitRetired.scan(dir)).isEmpty();
    }
}
