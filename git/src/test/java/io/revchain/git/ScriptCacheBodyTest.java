package io.revchain.git;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.revchain.core.parse.MigrationBodies;
import io.revchain.core.parse.MigrationParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A blob's body fingerprint is MigrationBodies' over its text, read once per blob; an unreadable blob has none. */
class ScriptCacheBodyTest {

    private static final String TEXT =
            "revision = 'a1'\ndown_revision = None\n\ndef upgrade():\n    op.drop_table('t')\n";

    @Test
    void a_blobs_body_is_its_fingerprint_read_once_and_an_unreadable_blob_has_none() {
        ScriptCache cache = new ScriptCache(new MigrationParser("cdd01ef066bc6cf2"), 10, new SimpleMeterRegistry());
        AtomicInteger reads = new AtomicInteger();
        ScriptCache.BlobSource source = (blob, limit) -> {
            reads.incrementAndGet();
            return TEXT.getBytes(StandardCharsets.UTF_8);
        };

        assertThat(cache.body("b1", source))
                .isEqualTo(MigrationBodies.fingerprint(TEXT).orElseThrow())
                .hasSize(64);
        assertThat(cache.body("b1", source)).isNotNull();
        assertThat(reads).hasValue(1);

        assertThat(cache.body("b2", (blob, limit) -> {
                    throw new IOException("gone");
                }))
                .isNull();
        assertThat(cache.body("b3", (blob, limit) -> null)).isNull();
    }

    @Test
    void a_blob_parsed_first_is_fingerprinted_from_the_same_read() {
        ScriptCache cache = new ScriptCache(new MigrationParser("cdd01ef066bc6cf2"), 10, new SimpleMeterRegistry());
        AtomicInteger reads = new AtomicInteger();
        ScriptCache.BlobSource source = (blob, limit) -> {
            reads.incrementAndGet();
            return TEXT.getBytes(StandardCharsets.UTF_8);
        };

        // As ingest does for each file: the parse, then the fingerprint of the same blob
        assertThat(cache.get("b1", "versions/a1.py", source).revisionId()).isEqualTo("a1");
        assertThat(cache.body("b1", source))
                .isEqualTo(MigrationBodies.fingerprint(TEXT).orElseThrow());

        // git was read once for both
        assertThat(reads).hasValue(1);
    }
}
