package io.revchain.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks loopback ports the OS reports free, below the kernel's ephemeral range where it can: a node keeps its ports
 * across a stop and a restart, and a port from the ephemeral range can meanwhile become the local port of any
 * outgoing connection on the machine (the surviving nodes' clients reconnecting, other tests), so the restart would
 * find it taken. The server does not tell which port it bound, so the ports are chosen first; another process can
 * still take one before Kafka binds it, which the caller handles by retrying.
 */
final class FreePorts {
    /** The lowest port picked below the ephemeral range: above the usual fixed service ports. */
    static final int LOW = 10_000;

    private static final int ATTEMPTS = 200;
    private static final Path RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    private FreePorts() {}

    /** {@code n} distinct free ports (all held open together while picking, so none repeats). */
    static int[] pick(int n) {
        int below = ephemeralLow();
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket s = below - LOW >= 1_000 ? below(below) : null;
                if (s == null) {
                    s = open(0);
                }
                sockets.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find free loopback ports", e);
        } finally {
            for (ServerSocket s : sockets) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // the port is free again either way
                }
            }
        }
    }

    /** A socket bound to a random free port in {@code [LOW, high)}, {@code null} when none was found. */
    private static ServerSocket below(int high) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try {
                return open(random.nextInt(LOW, high));
            } catch (IOException taken) {
                // another listener has it: draw again
            }
        }
        return null;
    }

    private static ServerSocket open(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        try {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        return s;
    }

    /** The first port of the kernel's ephemeral range (Linux), {@code 0} when it cannot be read. */
    static int ephemeralLow() {
        try {
            String[] range = Files.readString(RANGE).trim().split("\\s+");
            return Integer.parseInt(range[0]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
