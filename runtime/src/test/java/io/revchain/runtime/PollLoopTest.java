package io.revchain.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.internals.AutoOffsetResetStrategy;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The loop's decisions, on Kafka's own in-memory consumer; the services' *IT tests run it on a real broker. */
class PollLoopTest {

    private static final TopicPartition TP = new TopicPartition("t", 0);

    private static MockConsumer<String, String> consumer() {
        MockConsumer<String, String> c = new MockConsumer<>(AutoOffsetResetStrategy.EARLIEST.name());
        c.updateBeginningOffsets(Map.of(TP, 0L));
        return c;
    }

    private static final class Recording implements PollLoop.Work<String, String> {
        final List<String> seen = new CopyOnWriteArrayList<>();
        volatile RuntimeException failOn;

        @Override
        public void open(Consumer<String, String> consumer) {
            consumer.assign(List.of(TP));
            consumer.seekToBeginning(List.of(TP));
        }

        @Override
        public void record(ConsumerRecord<String, String> record) {
            if (record.value().equals("poison") && failOn != null) {
                throw failOn;
            }
            seen.add(record.value());
        }
    }

    @Test
    void handsEveryRecordToTheWorkAndClosesQuietly() {
        MockConsumer<String, String> consumer = consumer();
        Recording work = new Recording();
        PollLoop<String, String> loop = new PollLoop<>("test-loop", consumer, Duration.ofMillis(10), work);
        assertThat(loop.state()).isEqualTo(ServiceState.NEW);
        loop.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> loop.state().ready());
        consumer.schedulePollTask(() -> {
            consumer.addRecord(new ConsumerRecord<>("t", 0, 0, "k", "a"));
            consumer.addRecord(new ConsumerRecord<>("t", 0, 1, "k", "b"));
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> work.seen.size() == 2);
        assertThat(work.seen).containsExactly("a", "b");
        loop.close();
        loop.close();
        assertThat(loop.state()).isEqualTo(ServiceState.CLOSED);
        assertThat(consumer.closed()).isTrue();
    }

    @Test
    void anUnexpectedExceptionFailsTheLoopWithItsCause() {
        MockConsumer<String, String> consumer = consumer();
        Recording work = new Recording();
        IllegalStateException boom = new IllegalStateException("store corrupted");
        work.failOn = boom;
        PollLoop<String, String> loop = new PollLoop<>("test-loop", consumer, Duration.ofMillis(10), work);
        loop.start();
        consumer.schedulePollTask(() -> consumer.addRecord(new ConsumerRecord<>("t", 0, 0, "k", "poison")));
        await().atMost(Duration.ofSeconds(10)).until(() -> !loop.state().live());
        assertThat(loop.state().phase()).isEqualTo(ServiceState.Phase.FAILED);
        assertThat(loop.state().cause()).containsSame(boom);
        await().atMost(Duration.ofSeconds(10)).until(consumer::closed);
        loop.close();
        assertThat(loop.state().cause()).containsSame(boom);
    }

    @Test
    void aFailingConsumerFailsTheLoop() {
        MockConsumer<String, String> consumer = consumer();
        consumer.setPollException(new KafkaException("broker said no"));
        PollLoop<String, String> loop = new PollLoop<>("test-loop", consumer, Duration.ofMillis(10), new Recording());
        loop.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> !loop.state().live());
        assertThat(loop.state().cause().orElseThrow()).hasMessage("broker said no");
        loop.close();
    }

    @Test
    void startTwiceThrowsAndCloseBeforeStartClosesTheConsumer() {
        MockConsumer<String, String> consumer = consumer();
        PollLoop<String, String> loop = new PollLoop<>("test-loop", consumer, Duration.ofMillis(10), new Recording());
        loop.start();
        assertThatThrownBy(loop::start).isInstanceOf(IllegalStateException.class);
        loop.close();

        MockConsumer<String, String> unused = consumer();
        PollLoop<String, String> never = new PollLoop<>("never", unused, Duration.ofMillis(10), new Recording());
        never.close();
        never.close();
        assertThat(unused.closed()).isTrue();
        assertThat(never.state()).isEqualTo(ServiceState.CLOSED);
        assertThatThrownBy(never::start).isInstanceOf(IllegalStateException.class);
    }
}
