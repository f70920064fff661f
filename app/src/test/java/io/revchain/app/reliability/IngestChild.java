package io.revchain.app.reliability;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.revchain.core.config.OrgConfig;
import io.revchain.core.config.RepositorySpec;
import io.revchain.ingest.plan.Backoff;
import io.revchain.ingest.service.IngestService;
import io.revchain.ingest.service.IngestSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * An ingest service in its own JVM polling one repository back to back, for the crash test to kill with SIGKILL.
 * Arguments: bootstrap servers, repository id, remote, work dir.
 */
public final class IngestChild {
    private IngestChild() {}

    static IngestService service(String bootstrap, String id, String remote, Path work) {
        IngestSettings s = IngestSettings.defaults()
                .withRemoteTimeout(Duration.ofSeconds(20))
                .withBackoff(new Backoff(Duration.ZERO, Duration.ZERO))
                .withEnv(Map.of())
                .withMaxDeltaCommits(10_000)
                // the same name after a restart: its transactional id aborts what the killed run left open
                .withInstanceId("crash-child");
        return new IngestService(
                OrgConfig.of(List.of(RepositorySpec.of(id, remote))),
                s,
                Map.of("bootstrap.servers", bootstrap),
                work,
                new SimpleMeterRegistry());
    }

    public static void main(String[] args) throws InterruptedException {
        IngestService ingest = service(args[0], args[1], args[2], Path.of(args[3]));
        System.out.println("ingest child started");
        while (true) {
            ingest.pollOnce();
            Thread.sleep(50);
        }
    }
}
