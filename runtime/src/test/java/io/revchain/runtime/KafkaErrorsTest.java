package io.revchain.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

class KafkaErrorsTest {

    @Test
    void refusedCredentialsPermissionsAndFencingAreFatalWhereverTheyAreWrapped() {
        assertThat(KafkaErrors.fatal(new SaslAuthenticationException("bad password")))
                .isTrue();
        assertThat(KafkaErrors.fatal(new ExecutionException(new TopicAuthorizationException("no write"))))
                .isTrue();
        assertThat(KafkaErrors.fatal(new KafkaException(new ProducerFencedException("fenced"))))
                .isTrue();
    }

    @Test
    void timeoutsAndRefusedRecordsAreNot() {
        assertThat(KafkaErrors.fatal(new TimeoutException("slow"))).isFalse();
        assertThat(KafkaErrors.fatal(new ExecutionException(new RecordTooLargeException("big"))))
                .isFalse();
        assertThat(KafkaErrors.fatal(new ExecutionException(new NotLeaderOrFollowerException("moved"))))
                .isFalse();
    }

    @Test
    void anIllegalStateIsFatalOnlyWhenTheKafkaClientThrewIt() {
        IllegalStateException ours = new IllegalStateException("a bug of ours");
        assertThat(KafkaErrors.fatal(ours)).isFalse();
        IllegalStateException clients = new IllegalStateException("Cannot perform operation after producer closed");
        clients.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("org.apache.kafka.clients.producer.KafkaProducer", "throwIfProducerClosed", null, 1)
        });
        assertThat(KafkaErrors.fatal(new ExecutionException(clients))).isTrue();
    }
}
