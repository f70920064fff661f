package io.revchain.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void portsAreDistinctFreeAndBelowTheEphemeralRange() throws IOException {
        // Given the kernel's ephemeral range (Linux), whose ports outgoing connections take
        int low = FreePorts.ephemeralLow();
        // When three ports are picked
        int[] ports = FreePorts.pick(3);
        // Then they are distinct, below that range (so no client connection takes one while its node is stopped)
        assertThat(Arrays.stream(ports).distinct().count()).isEqualTo(3);
        if (low - FreePorts.LOW >= 1_000) {
            assertThat(Arrays.stream(ports).boxed().toList())
                    .allSatisfy(p -> assertThat(p).isBetween(FreePorts.LOW, low - 1));
        }
        // and each can be bound
        for (int p : ports) {
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), p));
                assertThat(s.getLocalPort()).isEqualTo(p);
            }
        }
    }
}
