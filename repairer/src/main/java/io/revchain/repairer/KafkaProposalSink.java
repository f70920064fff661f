package io.revchain.repairer;

import io.revchain.event.BranchKey;
import io.revchain.event.FixClosure;
import io.revchain.event.FixProposal;
import io.revchain.event.Topics;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

/**
 * Publishes proposals on {@code revchain.fix-proposals} and waits for the broker's acknowledgement, so a proposal
 * is on the topic before the health record's offset is committed.
 */
final class KafkaProposalSink implements ProposalSink, AutoCloseable {

    private static final long SEND_TIMEOUT_SECONDS = 30;

    private final Producer<String, FixProposal> producer;

    KafkaProposalSink(Producer<String, FixProposal> producer) {
        this.producer = producer;
    }

    /** @throws KafkaException when the broker does not accept the record within 30 s */
    @Override
    public void send(String key, FixProposal proposal) {
        publish(new ProducerRecord<>(Topics.FIX_PROPOSALS.name(), key, proposal));
    }

    /** The tombstone, with the closure in its {@value FixClosure#HEADER} header. */
    @Override
    public void close(String key, FixClosure closure) {
        ProducerRecord<String, FixProposal> tombstone = new ProducerRecord<>(Topics.FIX_PROPOSALS.name(), key, null);
        tombstone.headers().add(FixClosure.HEADER, closure.toBytes());
        publish(tombstone);
    }

    private void publish(ProducerRecord<String, FixProposal> record) {
        String key = record.key();
        BranchKey.parse(key);
        try {
            producer.send(record).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new KafkaException(
                    "cannot publish the proposal of " + key + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaException("cannot publish the proposal of " + key + ": no answer within 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while publishing the proposal of " + key, e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
