package io.revchain.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.revchain.core.model.Policy;
import io.revchain.core.model.Strategy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Building a repository part by part: each {@code with…} changes its own part and leaves the others. */
class RepositorySpecTest {

    @Test
    void aBareRepositoryHasEveryPartAtItsDefault() {
        RepositorySpec r = RepositorySpec.of("app", "/srv/git/app.git");
        assertThat(r.remote()).isEqualTo(new RepositorySpec.Remote("/srv/git/app.git", null, SshSettings.NONE));
        assertThat(r.watched()).isEqualTo(RepositorySpec.Watched.DEFAULT);
        assertThat(r.repair()).isEqualTo(RepositorySpec.RepairSettings.UNSET);
        assertThat(r.candidates()).isEqualTo(RepositorySpec.Candidates.NONE);
        assertThat(r.candidates().wantsPullRefs()).isFalse();
    }

    @Test
    void eachSettingLandsInItsPartAndLeavesTheOthers() {
        RepositorySpec r = RepositorySpec.of("app", "https://git.example.org/app.git")
                .withBranches(List.of("main"))
                .withPaths(List.of("db/alembic.ini"))
                .withCredentials("APP_TOKEN")
                .withSsh(new SshSettings("~/.ssh/app", null))
                .withPush(true)
                .withStrategy(Strategy.LINEARIZE)
                .withDeployed(List.of("0030"))
                .withPolicy(Policy.Kind.ACGS2)
                .withCandidates(List.of("refs/pull/*/head"), "main");
        assertThat(r.remote())
                .isEqualTo(new RepositorySpec.Remote(
                        "https://git.example.org/app.git", "APP_TOKEN", new SshSettings("~/.ssh/app", null)));
        assertThat(r.watched()).isEqualTo(new RepositorySpec.Watched(List.of("main"), List.of("db/alembic.ini")));
        assertThat(r.repair())
                .isEqualTo(new RepositorySpec.RepairSettings(
                        true, Strategy.LINEARIZE, List.of("0030"), Policy.Kind.ACGS2));
        assertThat(r.candidates()).isEqualTo(new RepositorySpec.Candidates(List.of("refs/pull/*/head"), "main"));
        assertThat(r.candidates().wantsPullRefs()).isTrue();
    }

    @Test
    void theIdIsCheckedBeforeTheUrl() {
        assertThatThrownBy(() -> RepositorySpec.of(null, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("id");
        assertThatThrownBy(() -> RepositorySpec.of("app", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("url");
        assertThatThrownBy(() -> RepositorySpec.of("/app", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must start with a letter or digit");
    }
}
