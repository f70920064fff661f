package io.revchain.git;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.revchain.core.adoption.Suppressions;
import io.revchain.core.parse.MigrationParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A blob's suppression comments are those {@code revchain check} reads, from the parse's own read of git. */
class ScriptCacheDirectivesTest {

    private static final String TEXT = "# revchain: ignore[missing-down-revision] -- restored by hand\n"
            + "revision = 'a1'\ndown_revision = 'gone'\n";

    @Test
    void a_blobs_comments_come_from_the_parses_read_and_name_the_path_they_were_read_at() {
        ScriptCache cache = new ScriptCache(new MigrationParser("cdd01ef066bc6cf2"), 10, new SimpleMeterRegistry());
        AtomicInteger reads = new AtomicInteger();
        ScriptCache.BlobSource source = (blob, limit) -> {
            reads.incrementAndGet();
            return TEXT.getBytes(StandardCharsets.UTF_8);
        };

        // As ingest does for each file: the parse, then the comments of the same blob
        assertThat(cache.get("b1", "versions/a1.py", source).revisionId()).isEqualTo("a1");
        assertThat(cache.directives("b1", "versions/a1.py", source))
                .isEqualTo(Suppressions.scan("versions/a1.py", TEXT))
                .singleElement()
                .satisfies(d -> {
                    assertThat(d.fileWide()).isTrue();
                    assertThat(d.checks()).containsExactly("missing-down-revision");
                    assertThat(d.reason()).isEqualTo("restored by hand");
                });
        assertThat(reads).hasValue(1);

        // the same blob at another path (a fork's copy) names that path
        assertThat(cache.directives("b1", "other/a1.py", source))
                .singleElement()
                .extracting(Suppressions.Directive::file)
                .isEqualTo("other/a1.py");

        // an unreadable blob has none; the parse reports it
        assertThat(cache.directives("b2", "x.py", (blob, limit) -> {
                    throw new IOException("gone");
                }))
                .isEmpty();
    }
}
