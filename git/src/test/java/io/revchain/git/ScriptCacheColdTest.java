package io.revchain.git;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.revchain.core.parse.MigrationParser;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A blob's first sight is a cold miss; a miss of a blob seen before (evicted) is not. */
class ScriptCacheColdTest {

    private static final byte[] SCRIPT = "revision = 'a1'\ndown_revision = None\n".getBytes(StandardCharsets.UTF_8);

    @Test
    void first_sights_are_cold_and_an_evicted_blob_read_again_is_not() {
        // Given a cache that keeps one script
        ScriptCache cache = new ScriptCache(new MigrationParser("cdd01ef066bc6cf2"), 1, new SimpleMeterRegistry());
        ScriptCache.BlobSource source = (blob, limit) -> SCRIPT;

        // When two blobs are read, the first again (a hit or, once evicted, a warm miss), then a third
        cache.get("b1", "v/a1.py", source);
        cache.get("b1", "v/a1.py", source);
        cache.get("b2", "v/a2.py", source);
        cache.get("b1", "v/a1.py", source);
        cache.get("b1", "v/renamed.py", source);

        // Then only the first sight of each blob at its path is cold
        assertThat(cache.coldMisses()).isEqualTo(3);
        assertThat(cache.hits() + cache.misses()).isEqualTo(5);
        assertThat(cache.misses()).isGreaterThanOrEqualTo(cache.coldMisses());
    }
}
