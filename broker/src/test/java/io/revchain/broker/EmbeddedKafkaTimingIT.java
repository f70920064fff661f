package io.revchain.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

/**
 * Measures what starting and stopping the embedded broker costs, and prints it (run this class alone to see the
 * first start in a fresh JVM: {@code -Dtest=EmbeddedKafkaTimingIT}). Each measured broker must answer and clean up.
 */
class EmbeddedKafkaTimingIT {

    private static long millisSince(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    private static void assertAnswers(String bootstrap, int brokers) throws Exception {
        try (Admin admin = KafkaClients.admin(bootstrap)) {
            assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(brokers);
        }
    }

    @Test
    void startAndShutdownTimes() throws Exception {
        StringBuilder report = new StringBuilder("embedded Kafka timings:");
        for (int run = 1; run <= 3; run++) {
            long t0 = System.nanoTime();
            EmbeddedKafka kafka = EmbeddedKafka.start();
            long started = millisSince(t0);
            assertAnswers(kafka.bootstrapServers(), 1);
            Path dir = kafka.dataDir();
            long t1 = System.nanoTime();
            kafka.close();
            long stopped = millisSince(t1);
            assertThat(dir).doesNotExist();
            report.append(String.format(" single#%d start %d ms, shutdown %d ms;", run, started, stopped));
        }
        long t0 = System.nanoTime();
        EmbeddedKafkaCluster cluster = EmbeddedKafka.startCluster(3);
        long started = millisSince(t0);
        assertAnswers(cluster.bootstrapServers(), 3);
        long t1 = System.nanoTime();
        cluster.close();
        long stopped = millisSince(t1);
        assertThat(cluster.dataDir()).doesNotExist();
        report.append(String.format(" 3-node start %d ms, shutdown %d ms", started, stopped));
        System.out.println(report);
    }
}
