package io.revchain.broker;

import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.utils.internals.Exit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides that an embedded broker never ends the process that hosts it. Kafka's server code answers a fatal fault
 * (a metadata-log error, a controller that cannot go on) with {@code Exit.exit} or {@code Exit.halt}: right for a
 * broker process of its own, wrong inside {@code revchain run}, the demo or a test JVM, where it would take the
 * other services (or the test run) down without a word. Once a broker is started here, such a request is logged
 * and thrown at the thread that made it instead, as Kafka's own test harness does.
 */
final class ProcessGuard {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessGuard.class);
    private static final AtomicBoolean INSTALLED = new AtomicBoolean();

    private ProcessGuard() {}

    /** Installs the guard once per JVM. */
    static void install() {
        if (INSTALLED.compareAndSet(false, true)) {
            Exit.setExitProcedure((status, message) -> refuse("exit", status, message));
            Exit.setHaltProcedure((status, message) -> refuse("halt", status, message));
        }
    }

    private static void refuse(String what, int status, String message) {
        String text = "the embedded Kafka broker asked the JVM to " + what + " with status " + status
                + (message == null ? "" : " (" + message + ")") + "; the process goes on without it";
        LOG.error(text);
        throw new EmbeddedKafkaException(text);
    }
}
