package io.revchain.core.parse;

import io.revchain.core.model.Field;
import io.revchain.core.model.Finding;
import io.revchain.core.model.MigrationScript;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A mutation fuzzer for {@link MigrationParser}, seeded with plausible migration files from
 * {@link MigrationFileGenerator}: each input is a generated file, then zero to six mutations (byte flips, Python
 * punctuation, chunk duplication and splicing with another file, truncation, inserted hostile fragments such as
 * unterminated triple quotes, deep brackets, coding declarations, BOMs, NUL and invalid UTF-8).
 *
 * <p>It decides whether an input is a <em>failure</em>: the parser threw, returned {@code null}, lost the path, hit
 * its own safety net (the "could not be read by revchain's parser" finding, which means an internal exception was
 * swallowed), gave a field span that is not the source text, gave a different answer on a second parse, or took
 * more than {@link #SLOW_NANOS} on an input of at most a few kilobytes.
 *
 * <p>Run it long with (the count is the first argument, the seed the optional second):
 * <pre>
 * mvn -q -o -pl core test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.revchain.core.parse.ParserFuzz -Dexec.args="1000000"
 * </pre>
 */
public final class ParserFuzz {

    /** An input of a few kilobytes that takes longer than this is a failure (a super-linear path). */
    static final long SLOW_NANOS = 250_000_000L;

    private static final MigrationParser PARSER = new MigrationParser("cdd01ef066bc6cf2");
    private static final String SAFETY_NET = "could not be read by revchain's parser";
    private static final String[] FRAGMENTS = {
        "'''",
        "\"\"\"",
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        "\\",
        "\\\n",
        "\r",
        "\r\n",
        "\t",
        "    ",
        "#",
        "# -*- coding: latin-1 -*-\n",
        "# coding: klingon\n",
        "\uFEFF",
        "\0",
        "f'",
        "rb'",
        "u'",
        "revision = ",
        "down_revision = ('a', 'b')\n",
        "if True:\n    revision = 'x'\n",
        "@",
        ":=",
        "lambda: 1",
        "😀",
        "é",
        "\u2028",
        "= (",
        ",)",
        "0x1F",
        "1_000",
        "...",
        "revision: str = 'z'\n",
        "del revision\n",
        "global down_revision\n",
        "((((((((((",
        "]]]]]]",
        "\"\"\"\n" + "x\n".repeat(20)
    };

    /** The outcome of a run. */
    record Result(long inputs, long bytes, long unparseable, long withRevision, long maxNanos, List<String> failures) {}

    public static void main(String[] args) {
        long count = args.length > 0 ? Long.parseLong(args[0].replace("_", "").replace(",", "")) : 100_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 20261124L;
        long t = System.nanoTime();
        Result r = run(count, seed);
        double secs = (System.nanoTime() - t) / 1e9;
        System.out.printf(
                "ParserFuzz: %,d inputs (%,d bytes) in %.1f s (%,.0f inputs/s), seed %d%n",
                r.inputs(), r.bytes(), secs, r.inputs() / secs, seed);
        System.out.printf(
                "  %,d with a revision, %,d with an unparseable-file finding, slowest input %.2f ms%n",
                r.withRevision(), r.unparseable(), r.maxNanos() / 1e6);
        System.out.printf("  failures: %d%n", r.failures().size());
        r.failures().stream().limit(20).forEach(f -> System.out.println("  " + f));
        if (!r.failures().isEmpty()) {
            System.exit(1);
        }
    }

    /** Fuzzes {@code count} inputs derived from {@code seed}; input {@code i} is reproducible from the pair. */
    static Result run(long count, long seed) {
        long bytes = 0;
        long unparseable = 0;
        long withRevision = 0;
        long maxNanos = 0;
        List<String> failures = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            long inputSeed = seed * 1_000_003L + i;
            byte[] input = input(inputSeed);
            bytes += input.length;
            long t = System.nanoTime();
            String failure;
            MigrationScript s = null;
            try {
                s = PARSER.parse("versions/f.py", input);
                long took = System.nanoTime() - t;
                if (took > SLOW_NANOS) {
                    // a pause of the machine (GC, a busy neighbour) is not the parser's: slow must repeat to count
                    took = Math.min(took, retimed(input));
                }
                maxNanos = Math.max(maxNanos, took);
                failure = check(input, s, took);
            } catch (Throwable e) {
                failure = "threw " + e;
            }
            if (failure != null) {
                failures.add("input seed " + inputSeed + ": " + failure);
                continue;
            }
            if (s.revision().isPresent()) {
                withRevision++;
            }
            if (s.problems().stream().anyMatch(p -> p.check().equals("unparseable-file"))) {
                unparseable++;
            }
        }
        return new Result(count, bytes, unparseable, withRevision, maxNanos, List.copyOf(failures));
    }

    /**
     * The faster of two more parses of {@code input}: a slow first parse counts only if it repeats (a pause of the
     * machine, a cold JIT or a busy neighbour is not the parser's).
     */
    static long retimed(byte[] input) {
        return Math.min(parseNanos(input), parseNanos(input));
    }

    private static long parseNanos(byte[] input) {
        long t = System.nanoTime();
        PARSER.parse("versions/f.py", input);
        return System.nanoTime() - t;
    }

    /** The failure this result shows, or {@code null}. */
    static String check(byte[] input, MigrationScript s, long nanos) {
        if (s == null) {
            return "null result";
        }
        if (!"versions/f.py".equals(s.path())) {
            return "path changed to " + s.path();
        }
        for (Finding f : s.problems()) {
            if (f.message() != null && f.message().contains(SAFETY_NET)) {
                return "internal parser error swallowed: " + f.message();
            }
        }
        if (nanos > SLOW_NANOS) {
            return "took " + nanos / 1_000_000 + " ms for " + input.length + " bytes";
        }
        String text;
        try {
            text = SourceDecoder.decode(input);
        } catch (PythonSyntaxError e) {
            text = null;
        }
        for (Field f : List.of(s.revision(), s.downRevision(), s.branchLabels(), s.dependsOn())) {
            if (!f.isPresent()) {
                continue;
            }
            if (text == null
                    || f.start() < 0
                    || f.end() > text.length()
                    || f.start() > f.end()
                    || !text.substring(f.start(), f.end()).equals(f.source())
                    || f.line() < 1) {
                return "field " + f.name() + " span [" + f.start() + "," + f.end() + ") is not its source";
            }
        }
        MigrationScript again = PARSER.parse("versions/f.py", input);
        if (!again.equals(s)) {
            return "a second parse of the same bytes gave a different result";
        }
        return null;
    }

    /** Input {@code seed}: a generated migration file with a few mutations. */
    static byte[] input(long seed) {
        Random r = new Random(seed);
        byte[] base = new MigrationFileGenerator(seed).next();
        int mutations = r.nextInt(7);
        for (int m = 0; m < mutations; m++) {
            base = mutate(base, r, seed);
        }
        return base;
    }

    private static byte[] mutate(byte[] in, Random r, long seed) {
        int at = in.length == 0 ? 0 : r.nextInt(in.length + 1);
        switch (r.nextInt(7)) {
            case 0 -> {
                byte[] out = in.clone();
                if (out.length > 0) {
                    out[Math.min(at, out.length - 1)] = (byte) r.nextInt(256);
                }
                return out;
            }
            case 1 -> {
                return insert(in, at, FRAGMENTS[r.nextInt(FRAGMENTS.length)].getBytes(StandardCharsets.UTF_8));
            }
            case 2 -> {
                // duplicate a chunk of the file somewhere else
                int from = in.length == 0 ? 0 : r.nextInt(in.length);
                int len = Math.min(in.length - from, 1 + r.nextInt(200));
                byte[] chunk = new byte[Math.max(0, len)];
                System.arraycopy(in, from, chunk, 0, chunk.length);
                return insert(in, at, chunk);
            }
            case 3 -> {
                // splice with the tail of another generated file
                byte[] other = new MigrationFileGenerator(seed ^ 0x5DEECE66DL ^ r.nextLong()).next();
                int cut = other.length == 0 ? 0 : r.nextInt(other.length);
                byte[] out = new byte[at + other.length - cut];
                System.arraycopy(in, 0, out, 0, at);
                System.arraycopy(other, cut, out, at, other.length - cut);
                return out;
            }
            case 4 -> {
                byte[] out = new byte[at];
                System.arraycopy(in, 0, out, 0, at);
                return out;
            }
            case 5 -> {
                return insert(in, at, new byte[] {(byte) 0xC3, (byte) 0x28});
            }
            default -> {
                // delete a run of bytes
                int len = Math.min(in.length - Math.min(at, in.length), 1 + r.nextInt(40));
                byte[] out = new byte[in.length - len];
                System.arraycopy(in, 0, out, 0, Math.min(at, in.length));
                System.arraycopy(
                        in,
                        Math.min(at, in.length) + len,
                        out,
                        Math.min(at, in.length),
                        in.length - Math.min(at, in.length) - len);
                return out;
            }
        }
    }

    private static byte[] insert(byte[] in, int at, byte[] what) {
        byte[] out = new byte[in.length + what.length];
        System.arraycopy(in, 0, out, 0, at);
        System.arraycopy(what, 0, out, at, what.length);
        System.arraycopy(in, at, out, at + what.length, in.length - at);
        return out;
    }

    private ParserFuzz() {}
}
