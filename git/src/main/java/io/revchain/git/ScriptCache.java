package io.revchain.git;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.revchain.core.adoption.Suppressions;
import io.revchain.core.model.Check;
import io.revchain.core.model.Docstring;
import io.revchain.core.model.Field;
import io.revchain.core.model.Finding;
import io.revchain.core.model.MigrationScript;
import io.revchain.core.model.Severity;
import io.revchain.core.parse.MigrationBodies;
import io.revchain.core.parse.MigrationParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Parses each git blob once: a Caffeine cache of {@link MigrationScript}s keyed by blob id and path (a script's
 * findings name its file, so the same content under a new name is parsed again).
 *
 * <p>Hits and misses are Micrometer counters {@value #METER}{@code {result=hit|miss}}, read from Caffeine's own
 * statistics, so the reporter can compute the hit rate against its target. {@link #coldMisses()} counts the misses
 * of a blob (at its path) never looked up before: no cache can serve a first sight, so the reporter's hit-rate
 * target leaves them out and measures re-scans. Telling them apart keeps every key ever looked up (a blob id and
 * a path each, far fewer than the parsed scripts' bytes), beyond {@code maxEntries}.
 */
public final class ScriptCache {

    /** The meter name of the hit and miss counters. */
    public static final String METER = "revchain.ingest.parse.cache";
    /** Blobs above this size are not read: the script carries an {@code unparseable-file} error instead. */
    public static final int MAX_BYTES = 8 * 1024 * 1024;

    /** What the cache needs to read a blob that is not cached yet. */
    @FunctionalInterface
    public interface BlobSource {
        /** The blob's bytes, or {@code null} when it is larger than {@code limit} bytes. */
        byte[] read(String blob, int limit) throws IOException;
    }

    private record Key(String blob, String path) {}

    private final MigrationParser parser;
    private final Cache<Key, MigrationScript> cache;
    /** Per blob, its body fingerprint (empty: none), kept apart so the parse cache's meters stay what they were. */
    private final Cache<String, Optional<String>> bodies;
    /** Per blob and path, its {@code # revchain:} comments (a directive names its file, so the path is part of it). */
    private final Cache<Key, List<Suppressions.Directive>> directives;

    private final Set<Key> seen = ConcurrentHashMap.newKeySet();
    private final LongAdder cold = new LongAdder();

    /**
     * @param parser     the static parser (with the organisation's marker)
     * @param maxEntries how many parsed scripts are kept
     * @param registry   where the hit/miss counters are registered
     */
    public ScriptCache(MigrationParser parser, long maxEntries, MeterRegistry registry) {
        this.parser = Objects.requireNonNull(parser, "parser");
        this.cache = Caffeine.newBuilder().maximumSize(maxEntries).recordStats().build();
        this.bodies = Caffeine.newBuilder().maximumSize(maxEntries).build();
        this.directives = Caffeine.newBuilder().maximumSize(maxEntries).build();
        FunctionCounter.builder(METER, cache, c -> c.stats().hitCount())
                .tag("result", "hit")
                .description("parsed scripts served from the cache")
                .register(registry);
        FunctionCounter.builder(METER, cache, c -> c.stats().missCount())
                .tag("result", "miss")
                .description("blobs read and parsed")
                .register(registry);
    }

    /** The parsed script of {@code blob} at {@code path}; reading or parsing problems become findings. */
    public MigrationScript get(String blob, String path, BlobSource source) {
        return cache.get(new Key(blob, path), k -> load(k, source));
    }

    /**
     * The fingerprint of {@code blob}'s {@code upgrade()}/{@code downgrade()} bodies ({@link MigrationBodies}), or
     * {@code null} when it cannot be read or tokenized: what the analyzer compares with the body an environment
     * applied.
     */
    public String body(String blob, BlobSource source) {
        return bodies.get(blob, b -> {
                    byte[] bytes;
                    try {
                        bytes = source.read(b, MAX_BYTES);
                    } catch (IOException | RuntimeException e) {
                        // the parse of the same blob reports it; a missing fingerprint is never judged
                        return Optional.empty();
                    }
                    return bytes == null
                            ? Optional.<String>empty()
                            : MigrationBodies.fingerprint(new String(bytes, StandardCharsets.UTF_8));
                })
                .orElse(null);
    }

    /**
     * The {@code # revchain: ignore[...]} comments of {@code blob} at {@code path} ({@link Suppressions#scan}); empty
     * when it has none or cannot be read (the parse of the same blob reports that).
     */
    public List<Suppressions.Directive> directives(String blob, String path, BlobSource source) {
        return directives.get(new Key(blob, path), k -> {
            byte[] bytes;
            try {
                bytes = source.read(k.blob(), MAX_BYTES);
            } catch (IOException | RuntimeException e) {
                return List.of();
            }
            return bytes == null ? List.of() : Suppressions.scan(k.path(), bytes);
        });
    }

    private MigrationScript load(Key k, BlobSource source) {
        if (seen.add(k)) {
            cold.increment();
        }
        byte[] bytes;
        try {
            bytes = source.read(k.blob(), MAX_BYTES);
        } catch (IOException | RuntimeException e) {
            return unreadable(
                    k.path(),
                    k.path() + " (blob " + k.blob() + ") cannot be read from git: "
                            + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
        if (bytes == null) {
            return unreadable(k.path(), k.path() + " is over the " + MAX_BYTES + " byte limit; it was not read");
        }
        // the body fingerprint from the bytes in hand: a first scan reads each blob from git once, not twice
        byte[] read = bytes;
        var unused = bodies.get(k.blob(), b -> MigrationBodies.fingerprint(new String(read, StandardCharsets.UTF_8)));
        var alsoUnused = directives.get(k, d -> Suppressions.scan(d.path(), read));
        return parser.parse(k.path(), bytes);
    }

    private static MigrationScript unreadable(String path, String message) {
        Finding f = new Finding(Check.UNPARSEABLE_FILE, Severity.ERROR, null, path, 0, message, null, List.of());
        return new MigrationScript(
                path,
                Field.absent("revision"),
                Field.absent("down_revision"),
                Field.absent("branch_labels"),
                Field.absent("depends_on"),
                Docstring.NONE,
                false,
                List.of(f));
    }

    public long hits() {
        return cache.stats().hitCount();
    }

    public long misses() {
        return cache.stats().missCount();
    }

    /** Of the {@link #misses()}, those of a blob at its path never looked up before. */
    public long coldMisses() {
        return cold.sum();
    }
}
