package io.revchain.deployments;

import java.time.Duration;

/**
 * How long one read may take at each step: connecting, waiting on the socket, running the statement.
 *
 * @param connect   the connect (and login) timeout
 * @param socket    how long the driver waits on a silent socket
 * @param statement the statement timeout (a locked or slow table)
 */
public record Timeouts(Duration connect, Duration socket, Duration statement) {
    public static final Timeouts DEFAULT =
            new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(10));

    public Timeouts {
        if (connect.isNegative()
                || connect.isZero()
                || socket.isNegative()
                || socket.isZero()
                || statement.isNegative()
                || statement.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }

    /** Whole seconds, at least one (what the drivers and {@code setQueryTimeout} take). */
    static int seconds(Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (d.toMillis() + 999) / 1000));
    }
}
