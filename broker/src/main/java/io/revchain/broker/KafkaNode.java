package io.revchain.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.utils.Time;

/**
 * One KRaft server process-in-a-JVM: a {@link KafkaRaftServer} built from Kafka's production jars, with its own
 * directory, ports and {@code server.properties}. Not thread-safe; the cluster serialises calls per node.
 */
final class KafkaNode {

    final int id;
    final boolean controller;
    final int brokerPort;
    final int controllerPort;
    final Path dir;
    private final Properties props;
    private volatile KafkaRaftServer server;

    KafkaNode(int id, boolean controller, int brokerPort, int controllerPort, Path dir, Properties props) {
        this.id = id;
        this.controller = controller;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
        this.dir = dir;
        this.props = props;
    }

    String brokerEndpoint() {
        return "127.0.0.1:" + brokerPort;
    }

    String controllerEndpoint() {
        return "127.0.0.1:" + controllerPort;
    }

    boolean running() {
        return server != null;
    }

    /**
     * Writes {@code server.properties} and formats the storage as {@code kafka-storage format} does; an already
     * formatted directory is left as it is.
     *
     * @param quorumArgs {@code --standalone}, {@code --initial-controllers <list>} or
     *                   {@code --no-initial-controllers}
     */
    void format(String clusterId, List<String> quorumArgs) {
        Path config = dir.resolve("server.properties");
        try {
            Files.createDirectories(dir);
            try (Writer w = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
                props.store(w, "revchain embedded Kafka node " + id);
            }
        } catch (IOException e) {
            throw new EmbeddedKafkaException("cannot write " + config + ": " + e.getMessage(), e);
        }
        List<String> args = new ArrayList<>(
                List.of("format", "--cluster-id", clusterId, "--config", config.toString(), "--ignore-formatted"));
        args.addAll(quorumArgs);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status;
        try (PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            status = StorageTool.execute(args.toArray(String[]::new), ps);
        } catch (RuntimeException e) {
            throw new EmbeddedKafkaException(
                    "formatting the storage of node " + id + " in " + dir + " failed: " + e.getMessage() + " "
                            + out.toString(StandardCharsets.UTF_8).trim(),
                    e);
        }
        if (status != 0) {
            throw new EmbeddedKafkaException("formatting the storage of node " + id + " in " + dir + " failed (status "
                    + status + "): " + out.toString(StandardCharsets.UTF_8).trim());
        }
    }

    /** Starts the server; blocks until its broker has caught up with the metadata log (needs a quorum). */
    void start() {
        if (server != null) {
            throw new IllegalStateException("node " + id + " is already running");
        }
        ProcessGuard.install();
        KafkaRaftServer s = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        // published before startup so that another thread can stop a node whose start hangs waiting for a quorum
        server = s;
        try {
            s.startup();
        } catch (RuntimeException e) {
            server = null;
            stopQuietly(s);
            throw e;
        }
    }

    /** Shuts the server down cleanly (controlled shutdown) and waits until it is gone. */
    void stop() {
        KafkaRaftServer s = server;
        server = null;
        if (s != null) {
            s.shutdown();
            s.awaitShutdown();
        }
    }

    private static void stopQuietly(KafkaRaftServer s) {
        try {
            s.shutdown();
            s.awaitShutdown();
        } catch (RuntimeException ignored) {
            // the start already failed; that failure is the one to report
        }
    }

    /** Whether {@code e} (or a cause) says a port was taken between picking it and binding it. */
    static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException
                    || (t.getMessage() != null && t.getMessage().contains("Address already in use"))) {
                return true;
            }
        }
        return false;
    }
}
