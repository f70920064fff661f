package io.revchain.analyzer.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class ThreadReplacementsTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void replacesUpToTheLimitWithinTheWindowThenShutsDown() {
        ThreadReplacements r = new ThreadReplacements(3, Duration.ofMinutes(5));
        assertThat(r.died(0)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(r.died(SECOND)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(r.died(2 * SECOND)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(r.died(3 * SECOND)).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }

    @Test
    void deathsOutsideTheWindowAreForgotten() {
        ThreadReplacements r = new ThreadReplacements(1, Duration.ofSeconds(10));
        assertThat(r.died(0)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(r.died(11 * SECOND)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(r.died(12 * SECOND)).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }

    @Test
    void aLimitOfZeroNeverReplaces() {
        assertThat(new ThreadReplacements(0, Duration.ofMinutes(1)).died(0))
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }
}
