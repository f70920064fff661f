package io.revchain.runtime;

import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * Decides whether a Kafka client error leaves the client unusable, so that the service fails as a whole (and its
 * liveness says so) instead of failing every repository again on every cycle. Fatal, as Kafka's producer
 * documentation classifies them: authentication and authorization refused, a fenced producer, a broken idempotent
 * sequence, an unsupported protocol version, and any {@link IllegalStateException} the client itself throws (a
 * closed or misconfigured producer). A timeout or a record the broker refused is not fatal.
 */
public final class KafkaErrors {

    private KafkaErrors() {}

    /** Whether {@code t}, or what it wraps, is fatal for the client that threw it. */
    public static boolean fatal(Throwable t) {
        Throwable c = t;
        for (int depth = 0; c != null && depth < 16; depth++, c = c.getCause()) {
            if (c instanceof AuthenticationException
                    || c instanceof AuthorizationException
                    || c instanceof ProducerFencedException
                    || c instanceof OutOfOrderSequenceException
                    || c instanceof UnsupportedVersionException
                    || (c instanceof IllegalStateException && thrownByKafkaClient(c))) {
                return true;
            }
        }
        return false;
    }

    private static boolean thrownByKafkaClient(Throwable t) {
        StackTraceElement[] trace = t.getStackTrace();
        return trace.length > 0 && trace[0].getClassName().startsWith("org.apache.kafka.clients.");
    }
}
