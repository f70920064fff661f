package io.revchain.broker;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Several real KRaft nodes in this JVM, for tests that lose a broker. Node {@code i} (0-based) has
 * {@code node.id = i}; the first {@code min(3, n)} nodes are combined broker+controller nodes and form the quorum
 * (formatted with {@code --initial-controllers}, a dynamic quorum), the others are brokers only. Topics default to
 * replication factor {@code min(3, n)} and {@code min.insync.replicas} {@code min(2, n)}, internal topics too.
 *
 * <p>A node keeps its ports and directory across {@link #stopBroker}/{@link #restartBroker}, so the quorum and the
 * clients find it again. One node alone ({@code n = 1}) is formatted {@code --standalone}: that is
 * {@link EmbeddedKafka}.
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaCluster.class);
    private static final int MAX_VOTERS = 3;
    private static final int BIND_ATTEMPTS = 5;
    /** Remembers cluster id and ports in a kept data directory: the quorum's voter endpoints are in its log. */
    static final String LAYOUT_FILE = "revchain-broker.properties";

    private final Path root;
    private final boolean ownsRoot;
    private final String clusterId;
    private final List<KafkaNode> nodes;
    private final Duration timeout;
    private final int replication;
    private final int minInsync;
    private boolean closed;

    private EmbeddedKafkaCluster(
            Path root,
            boolean ownsRoot,
            String clusterId,
            List<KafkaNode> nodes,
            Duration timeout,
            int replication,
            int minInsync) {
        this.root = root;
        this.ownsRoot = ownsRoot;
        this.clusterId = clusterId;
        this.nodes = nodes;
        this.timeout = timeout;
        this.replication = replication;
        this.minInsync = minInsync;
    }

    static EmbeddedKafkaCluster start(int n, EmbeddedKafka.Config config) {
        if (n < 1) {
            throw new IllegalArgumentException("a cluster needs at least one broker: " + n);
        }
        KafkaLogging.quiet();
        boolean ownsRoot = config.dataDir() == null;
        Path root;
        try {
            root = ownsRoot
                    ? Files.createTempDirectory("revchain-kafka-")
                    : Files.createDirectories(config.dataDir().toAbsolutePath());
        } catch (IOException e) {
            throw new EmbeddedKafkaException("cannot create the broker directory: " + e.getMessage(), e);
        }
        try {
            return startIn(root, ownsRoot, n, config);
        } catch (RuntimeException e) {
            if (ownsRoot) {
                deleteRecursively(root);
            }
            throw e;
        }
    }

    private static EmbeddedKafkaCluster startIn(Path root, boolean ownsRoot, int n, EmbeddedKafka.Config config) {
        Layout saved = Layout.load(root);
        if (saved != null && saved.nodes() != n) {
            throw new EmbeddedKafkaException(root + " holds a " + saved.nodes() + "-node cluster, not " + n);
        }
        int replication = Math.min(MAX_VOTERS, n);
        int minInsync = Math.min(2, n);
        for (int attempt = 1; ; attempt++) {
            Layout layout = saved != null ? saved : Layout.fresh(n, config);
            if (saved != null
                    && config.fixedPorts()
                    && (layout.brokerPorts()[0] != config.brokerPort()
                            || layout.controllerPorts()[0] != config.controllerPort())) {
                throw new EmbeddedKafkaException(root + " was created with broker port " + layout.brokerPorts()[0]
                        + " and controller port " + layout.controllerPorts()[0] + "; it cannot change ports");
            }
            List<KafkaNode> nodes = nodes(root, layout, config.overrides(), replication, minInsync);
            EmbeddedKafkaCluster cluster = new EmbeddedKafkaCluster(
                    root, ownsRoot, layout.clusterId(), nodes, config.startTimeout(), replication, minInsync);
            try {
                cluster.format(layout);
                layout.save(root);
                cluster.startAll();
                cluster.awaitBrokers(n);
                return cluster;
            } catch (RuntimeException e) {
                cluster.stopAll();
                boolean retry =
                        KafkaNode.isBindFailure(e) && saved == null && !config.fixedPorts() && attempt < BIND_ATTEMPTS;
                if (!retry) {
                    throw e instanceof EmbeddedKafkaException
                            ? e
                            : new EmbeddedKafkaException(
                                    "the embedded Kafka broker did not start in " + root + ": " + e.getMessage(), e);
                }
                LOG.warn("a broker port was taken before Kafka bound it; trying again with other ports");
                // the storage was formatted with the lost ports' voter endpoints: format again from scratch
                for (KafkaNode node : nodes) {
                    deleteRecursively(node.dir);
                }
                try {
                    Files.deleteIfExists(root.resolve(LAYOUT_FILE));
                } catch (IOException io) {
                    throw new UncheckedIOException(io);
                }
            }
        }
    }

    private static List<KafkaNode> nodes(
            Path root, Layout layout, Map<String, String> overrides, int replication, int minInsync) {
        int n = layout.nodes();
        int voters = Math.min(MAX_VOTERS, n);
        String quorum = IntStream.range(0, voters)
                .mapToObj(i -> "127.0.0.1:" + layout.controllerPorts()[i])
                .collect(Collectors.joining(","));
        List<KafkaNode> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean controller = i < voters;
            int bport = layout.brokerPorts()[i];
            int cport = layout.controllerPorts()[i];
            Path dir = root.resolve("node-" + i);
            Properties p = new Properties();
            p.setProperty("process.roles", controller ? "broker,controller" : "broker");
            p.setProperty("node.id", Integer.toString(i));
            p.setProperty("controller.quorum.bootstrap.servers", quorum);
            p.setProperty(
                    "listeners",
                    controller
                            ? "PLAINTEXT://127.0.0.1:" + bport + ",CONTROLLER://127.0.0.1:" + cport
                            : "PLAINTEXT://127.0.0.1:" + bport);
            p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + bport);
            p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            p.setProperty("controller.listener.names", "CONTROLLER");
            p.setProperty("inter.broker.listener.name", "PLAINTEXT");
            p.setProperty("log.dirs", dir.resolve("data").toString());
            p.setProperty("default.replication.factor", Integer.toString(replication));
            p.setProperty("min.insync.replicas", Integer.toString(minInsync));
            p.setProperty("offsets.topic.replication.factor", Integer.toString(replication));
            p.setProperty("transaction.state.log.replication.factor", Integer.toString(replication));
            p.setProperty("transaction.state.log.min.isr", Integer.toString(minInsync));
            p.setProperty("share.coordinator.state.topic.replication.factor", Integer.toString(replication));
            p.setProperty("share.coordinator.state.topic.min.isr", Integer.toString(minInsync));
            // fewer internal partitions: the first consumer group and transaction start in well under a second
            p.setProperty("offsets.topic.num.partitions", "5");
            p.setProperty("transaction.state.log.num.partitions", "5");
            p.setProperty("group.initial.rebalance.delay.ms", "0");
            // the log cleaner allocates this buffer up front; Kafka's 128 MiB per broker is for production volumes
            p.setProperty("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
            p.setProperty("num.network.threads", "2");
            p.setProperty("num.io.threads", "4");
            overrides.forEach(p::setProperty);
            nodes.add(new KafkaNode(i, controller, bport, cport, dir, p));
        }
        return List.copyOf(nodes);
    }

    private void format(Layout layout) {
        List<KafkaNode> voters = nodes.stream().filter(k -> k.controller).toList();
        if (nodes.size() == 1) {
            nodes.get(0).format(clusterId, List.of("--standalone"));
            return;
        }
        String initial = voters.stream()
                .map(k -> k.id + "@127.0.0.1:" + k.controllerPort + ":" + layout.directoryIds()[k.id])
                .collect(Collectors.joining(","));
        for (KafkaNode node : nodes) {
            node.format(
                    clusterId,
                    node.controller ? List.of("--initial-controllers", initial) : List.of("--no-initial-controllers"));
        }
    }

    /** Starts every node at once: each blocks in startup until a quorum of controllers is up. */
    private void startAll() {
        if (nodes.size() == 1) {
            nodes.get(0).start();
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(nodes.size(), r -> {
            Thread t = new Thread(r, "revchain-kafka-start");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> started = new ArrayList<>();
            for (KafkaNode node : nodes) {
                started.add(pool.submit(node::start));
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            for (int i = 0; i < started.size(); i++) {
                try {
                    started.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException re
                            ? re
                            : new EmbeddedKafkaException("node " + i + " did not start: " + e.getCause(), e);
                } catch (TimeoutException e) {
                    throw new EmbeddedKafkaException("node " + i + " did not start within " + timeout);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new EmbeddedKafkaException("interrupted while starting node " + i, e);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Stops every running node at once, as a cluster goes down: the quorum stays up while each broker leaves. */
    private void stopAll() {
        List<KafkaNode> running = nodes.stream().filter(KafkaNode::running).toList();
        List<Thread> stoppers = new ArrayList<>();
        for (KafkaNode node : running) {
            Thread t = new Thread(
                    () -> {
                        try {
                            node.stop();
                        } catch (RuntimeException e) {
                            LOG.warn("node {} did not stop cleanly: {}", node.id, e.toString());
                        }
                    },
                    "revchain-kafka-stop-" + node.id);
            t.setDaemon(true);
            t.start();
            stoppers.add(t);
        }
        for (Thread t : stoppers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Waits until {@code describeCluster} lists {@code expected} brokers. */
    private void awaitBrokers(int expected) {
        String bootstrap = runningBootstrap();
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        int seen = 0;
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                10_000))) {
            while (System.nanoTime() < deadline) {
                try {
                    seen = admin.describeCluster()
                            .nodes()
                            .get(5, TimeUnit.SECONDS)
                            .size();
                    if (seen == expected) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    last = e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new EmbeddedKafkaException("interrupted while waiting for " + bootstrap, e);
                }
                sleep(100);
            }
        }
        throw new EmbeddedKafkaException(
                "Kafka at " + bootstrap + " did not list " + expected + " broker(s) within " + timeout + " (last saw "
                        + seen + ")" + (last == null ? "" : ": " + last.getMessage()),
                last);
    }

    private String runningBootstrap() {
        return nodes.stream()
                .filter(KafkaNode::running)
                .map(KafkaNode::brokerEndpoint)
                .collect(Collectors.joining(","));
    }

    /** {@code host:port,...} of every node, running or not, for clients' {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return nodes.stream().map(KafkaNode::brokerEndpoint).collect(Collectors.joining(","));
    }

    /** How many nodes the cluster has. */
    public int size() {
        return nodes.size();
    }

    /** Whether node {@code i} is running. */
    public boolean isRunning(int i) {
        return node(i).running();
    }

    /** The default replication factor of this cluster's topics. */
    public int replicationFactor() {
        return replication;
    }

    /** The default {@code min.insync.replicas}. */
    public int minInsyncReplicas() {
        return minInsync;
    }

    /** The directory holding every node's data. */
    public Path dataDir() {
        return root;
    }

    /** The KRaft cluster id. */
    public String clusterId() {
        return clusterId;
    }

    /**
     * Shuts node {@code i} down cleanly (controlled shutdown: its partition leaderships move first). Stopping a
     * controller leaves the quorum one voter short; stopping a second of three stops the cluster's metadata.
     */
    public synchronized void stopBroker(int i) {
        KafkaNode node = node(i);
        if (!node.running()) {
            throw new IllegalStateException("node " + i + " is not running");
        }
        node.stop();
    }

    /** Starts a stopped node again on its old ports and data, and waits until the cluster lists it. */
    public synchronized void restartBroker(int i) {
        KafkaNode node = node(i);
        if (node.running()) {
            throw new IllegalStateException("node " + i + " is already running");
        }
        try {
            node.start();
        } catch (RuntimeException e) {
            throw new EmbeddedKafkaException(
                    "node " + i + " did not restart on " + node.brokerEndpoint() + ": " + e.getMessage(), e);
        }
        awaitBrokers((int) nodes.stream().filter(KafkaNode::running).count());
    }

    private KafkaNode node(int i) {
        if (i < 0 || i >= nodes.size()) {
            throw new IndexOutOfBoundsException("no node " + i + " in a " + nodes.size() + "-node cluster");
        }
        return nodes.get(i);
    }

    /** Shuts every node down and deletes the temporary directory (a given data directory is kept). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopAll();
        if (ownsRoot) {
            deleteRecursively(root);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedKafkaException("interrupted", e);
        }
    }

    // broker depends on no revchain module, so it keeps its own; everything else uses core FileTrees.delete
    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> paths = walk.sorted(Comparator.reverseOrder()).toList();
            for (Path p : paths) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    /**
     * Cluster id, ports and controller directory ids of a cluster: chosen once, saved in a kept data directory.
     */
    record Layout(String clusterId, int[] brokerPorts, int[] controllerPorts, String[] directoryIds) {

        int nodes() {
            return brokerPorts.length;
        }

        static Layout fresh(int n, EmbeddedKafka.Config config) {
            int[] ports = config.fixedPorts()
                    ? new int[] {config.brokerPort(), config.controllerPort()}
                    : FreePorts.pick(2 * n);
            if (config.fixedPorts() && (ports[0] == 0 || ports[1] == 0)) {
                int[] free = FreePorts.pick(2);
                ports[0] = ports[0] == 0 ? free[0] : ports[0];
                ports[1] = ports[1] == 0 ? free[1] : ports[1];
            }
            int[] broker = new int[n];
            int[] controller = new int[n];
            String[] dirs = new String[n];
            for (int i = 0; i < n; i++) {
                broker[i] = ports[2 * i];
                controller[i] = ports[2 * i + 1];
                dirs[i] = Uuid.randomUuid().toString();
            }
            return new Layout(Uuid.randomUuid().toString(), broker, controller, dirs);
        }

        static Layout load(Path root) {
            Path file = root.resolve(LAYOUT_FILE);
            if (!Files.exists(file)) {
                return null;
            }
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
                int n = Integer.parseInt(p.getProperty("nodes"));
                int[] broker = new int[n];
                int[] controller = new int[n];
                String[] dirs = new String[n];
                for (int i = 0; i < n; i++) {
                    broker[i] = Integer.parseInt(p.getProperty("node." + i + ".broker.port"));
                    controller[i] = Integer.parseInt(p.getProperty("node." + i + ".controller.port"));
                    dirs[i] = p.getProperty("node." + i + ".directory.id");
                }
                return new Layout(p.getProperty("cluster.id"), broker, controller, dirs);
            } catch (IOException | RuntimeException e) {
                throw new EmbeddedKafkaException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }

        void save(Path root) {
            Properties p = new Properties();
            p.setProperty("cluster.id", clusterId);
            p.setProperty("nodes", Integer.toString(nodes()));
            for (int i = 0; i < nodes(); i++) {
                p.setProperty("node." + i + ".broker.port", Integer.toString(brokerPorts[i]));
                p.setProperty("node." + i + ".controller.port", Integer.toString(controllerPorts[i]));
                p.setProperty("node." + i + ".directory.id", directoryIds[i]);
            }
            try (Writer w = Files.newBufferedWriter(root.resolve(LAYOUT_FILE), StandardCharsets.UTF_8)) {
                p.store(w, "revchain embedded Kafka: ports and ids this cluster was formatted with");
            } catch (IOException e) {
                throw new EmbeddedKafkaException(
                        "cannot write " + root.resolve(LAYOUT_FILE) + ": " + e.getMessage(), e);
            }
        }
    }
}
