package io.revchain.repairer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.revchain.core.config.OrgConfig;
import io.revchain.core.config.RepositorySpec;
import io.revchain.event.FixProposal;
import io.revchain.event.HealthReport;
import io.revchain.runtime.ServiceState;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service contract's rules that need no broker: no I/O before start, one start, a failed start sticks. */
class RepairerServiceTest {

    @TempDir
    Path tmp;

    /** Clients that count every call and cannot reach any broker. */
    private static final class Unreachable implements RepairerClients {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public void createTopics() {
            calls.incrementAndGet();
            throw new IllegalStateException("no broker here");
        }

        @Override
        public Producer<String, FixProposal> producer() {
            calls.incrementAndGet();
            throw new IllegalStateException("no broker here");
        }

        @Override
        public Consumer<String, HealthReport> consumer(String groupId) {
            calls.incrementAndGet();
            throw new IllegalStateException("no broker here");
        }
    }

    private RepairerService service(RepairerClients clients) {
        return new RepairerService(
                OrgConfig.of(List.of(RepositorySpec.of("app", "/nowhere"))),
                RepairerSettings.defaults().withEnv(Map.of()),
                clients,
                tmp.resolve("work"),
                new SimpleMeterRegistry());
    }

    @Test
    void theConstructorAndAnEarlyCloseTouchNoClient() {
        Unreachable clients = new Unreachable();
        RepairerService svc = service(clients);
        assertThat(svc.state()).isEqualTo(ServiceState.NEW);
        svc.close();
        svc.close();
        assertThat(clients.calls).hasValue(0);
        assertThat(svc.state()).isEqualTo(ServiceState.CLOSED);
        assertThat(tmp.resolve("work")).doesNotExist();
    }

    @Test
    void aStartThatFailsLeavesTheServiceFailedAndCannotBeRetried() {
        Unreachable clients = new Unreachable();
        RepairerService svc = service(clients);
        assertThatThrownBy(svc::start).isInstanceOf(IllegalStateException.class).hasMessage("no broker here");
        assertThat(svc.state().phase()).isEqualTo(ServiceState.Phase.FAILED);
        assertThat(svc.state().live()).isFalse();
        assertThatThrownBy(svc::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already started");
        svc.close();
        assertThat(svc.state().phase()).isEqualTo(ServiceState.Phase.FAILED);
    }
}
