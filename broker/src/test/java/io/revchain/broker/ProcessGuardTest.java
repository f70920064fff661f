package io.revchain.broker;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.utils.internals.Exit;
import org.junit.jupiter.api.Test;

class ProcessGuardTest {

    @Test
    void aBrokersRequestToEndTheJvmIsRefusedAndThrownAtItsThread() {
        ProcessGuard.install();
        // What Kafka's ProcessTerminatingFaultHandler calls on a fatal metadata fault: this JVM must go on
        assertThatThrownBy(() -> Exit.halt(1, "fatal fault"))
                .isInstanceOf(EmbeddedKafkaException.class)
                .hasMessageContaining("halt with status 1 (fatal fault)");
        assertThatThrownBy(() -> Exit.exit(1))
                .isInstanceOf(EmbeddedKafkaException.class)
                .hasMessageContaining("exit with status 1");
    }
}
