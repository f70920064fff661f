package io.revchain.app.bench;

import io.revchain.broker.EmbeddedKafka;
import io.revchain.broker.EmbeddedKafkaCluster;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * {@code revchain bench --broker}: what starting and stopping the embedded broker costs, {@code runs} single brokers
 * then one 3-node cluster, each asked to describe itself before it is stopped. The first start pays for loading
 * Kafka's classes in this JVM.
 */
public final class BrokerBenchmark {
    private BrokerBenchmark() {}

    public static String run(int runs, PrintWriter progress) throws Exception {
        StringBuilder b = new StringBuilder("| broker | start | answers | shutdown |\n|---|---:|---:|---:|\n");
        for (int run = 1; run <= Math.max(1, runs); run++) {
            long t0 = System.nanoTime();
            EmbeddedKafka kafka = EmbeddedKafka.start();
            long started = System.nanoTime();
            answer(kafka.bootstrapServers(), 1);
            long answered = System.nanoTime();
            kafka.close();
            long stopped = System.nanoTime();
            row(b, progress, "single #" + run, t0, started, answered, stopped);
        }
        long t0 = System.nanoTime();
        EmbeddedKafkaCluster cluster = EmbeddedKafka.startCluster(3);
        long started = System.nanoTime();
        answer(cluster.bootstrapServers(), 3);
        long answered = System.nanoTime();
        cluster.close();
        long stopped = System.nanoTime();
        row(b, progress, "3-node cluster", t0, started, answered, stopped);
        return b.toString();
    }

    private static void row(
            StringBuilder b, PrintWriter progress, String name, long t0, long started, long answered, long stopped) {
        String line = String.format(
                Locale.ROOT,
                "| %s | %d ms | %d ms | %d ms |%n",
                name,
                ms(started - t0),
                ms(answered - started),
                ms(stopped - answered));
        progress.print("broker " + line);
        progress.flush();
        b.append(line);
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    private static void answer(String bootstrap, int brokers) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            int nodes =
                    admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
            if (nodes != brokers) {
                throw new IllegalStateException(nodes + " brokers answered, expected " + brokers);
            }
        }
    }
}
