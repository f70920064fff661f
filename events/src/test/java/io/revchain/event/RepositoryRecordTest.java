package io.revchain.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.core.config.EnvironmentSpec;
import io.revchain.core.config.RepositorySpec;
import io.revchain.core.config.SshSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

class RepositoryRecordTest {

    @Test
    void aRepositoryReadsBackAsTheSpecItWasWrittenFrom() {
        // Given a repository with every part set, and one with nothing but an id and a url
        RepositorySpec full = EventFixtures.repository()
                .spec()
                .withSsh(new SshSettings("~/.ssh/deploy", "/etc/revchain/known_hosts"))
                .withPush(true)
                .withDeployed(List.of("0030"))
                .withEnvironments(List.of(
                        new EnvironmentSpec("prod", "postgresql://deploy@db/core", "PROD_DB", "core", null, null),
                        new EnvironmentSpec("staging", "sqlite:////srv/staging.db", null, null, "av", "main")));
        RepositorySpec bare = RepositorySpec.of("tools", "/srv/git/tools.git");

        // When each goes through the topic's serde
        for (RepositorySpec spec : List.of(full, bare)) {
            byte[] bytes = Topics.REPOSITORIES.valueSerde().serializer().serialize("t", RepositoryRecord.of(spec));
            RepositoryRecord read =
                    Topics.REPOSITORIES.valueSerde().deserializer().deserialize("t", bytes);

            // Then it is the same repository, with nothing set that was not
            assertThat(read.spec()).isEqualTo(spec);
            assertThat(read.webhookSecret()).isNull();
        }
    }
}
