package io.revchain.core.discovery;

import io.revchain.core.model.Check;
import io.revchain.core.model.Finding;
import io.revchain.core.model.MigrationScript;
import io.revchain.core.model.Severity;
import io.revchain.core.parse.ConstantResolver;
import io.revchain.core.tree.SourceTree;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.IntStream;

/**
 * Reads the files of a discovered chain and hands their bytes to the parser.
 *
 * <p>It decides which files are read at all: a file over the size cap becomes an {@code unparseable-file} ERROR
 * naming its size (at most cap + 1 bytes are ever read), a file that cannot be read becomes an
 * {@code unparseable-file} ERROR naming the reason; files are opened without following symlinks (discovery already
 * resolved and checked them). Parsing itself is the injected function's business
 * ({@code new MigrationParser(marker)::parse} in production).
 */
public final class ChainLoader {

    /** Files larger than this are not read: no real migration is near it. */
    public static final long DEFAULT_MAX_BYTES = 8L * 1024 * 1024;

    private final BiFunction<String, byte[], MigrationScript> parse;
    private final long maxBytes;
    private final SourceTree tree;
    private final ConstantResolver constants = new ConstantResolver();

    /** @param parse {@code (path relative to root, content) -> script}; must not throw */
    public ChainLoader(BiFunction<String, byte[], MigrationScript> parse) {
        this(parse, DEFAULT_MAX_BYTES);
    }

    public ChainLoader(BiFunction<String, byte[], MigrationScript> parse, long maxBytes) {
        this(parse, maxBytes, null);
    }

    /**
     * @param tree the repository the chain's paths are relative to: values written as module constants of its
     *             files are resolved ({@link ConstantResolver}); {@code null} resolves nothing
     */
    public ChainLoader(BiFunction<String, byte[], MigrationScript> parse, long maxBytes, SourceTree tree) {
        this.tree = tree;
        this.parse = Objects.requireNonNull(parse, "parse");
        if (maxBytes <= 0 || maxBytes >= Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maxBytes must be in 1.." + (Integer.MAX_VALUE - 1));
        }
        this.maxBytes = maxBytes;
    }

    /** Reads and parses every file of {@code src}; never throws for a bad file. */
    public LoadedChain load(ChainSource src) {
        List<SourceFile> files = src.files();
        Object[] results = new Object[files.size()];
        // Files are independent: parse them on every core, then keep discovery's order.
        IntStream range = IntStream.range(0, files.size());
        (files.size() >= PARALLEL_FROM ? range.parallel() : range).forEach(i -> results[i] = loadOne(files.get(i)));
        List<MigrationScript> scripts = new ArrayList<>(files.size());
        List<Finding> findings = new ArrayList<>(src.findings());
        for (Object r : results) {
            if (r instanceof MigrationScript m) {
                scripts.add(m);
            } else {
                findings.add((Finding) r);
            }
        }
        return new LoadedChain(src, scripts, findings);
    }

    private static final int PARALLEL_FROM = 64;

    private Object loadOne(SourceFile f) {
        byte[] content;
        try {
            content = read(f);
        } catch (TooLarge e) {
            return unparseable(
                    f, f.path() + " is " + e.size + " bytes, over the " + maxBytes + " byte limit; it was not read");
        } catch (IOException e) {
            return unparseable(f, f.path() + " cannot be read: " + Discovery.describe(e));
        }
        MigrationScript script = parse.apply(f.path(), content);
        return tree == null ? script : constants.resolve(script, content, tree);
    }

    private static Finding unparseable(SourceFile f, String message) {
        return new Finding(Check.UNPARSEABLE_FILE, Severity.ERROR, null, f.path(), 0, message, null, List.of());
    }

    private static final class TooLarge extends IOException {
        final long size;

        TooLarge(long size) {
            super(null, null);
            this.size = size;
        }
    }

    private byte[] read(SourceFile f) throws IOException {
        try (SeekableByteChannel ch = Files.newByteChannel(
                        f.file(), Set.<OpenOption>of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
                InputStream in = Channels.newInputStream(ch)) {
            long size = ch.size();
            if (size > maxBytes) {
                throw new TooLarge(size);
            }
            byte[] bytes = in.readNBytes((int) maxBytes + 1);
            if (bytes.length > maxBytes) {
                // the file grew after its size was taken
                throw new TooLarge(Math.max(bytes.length, ch.size()));
            }
            return bytes;
        }
    }
}
