package io.revchain.app.bench;

import io.revchain.core.parse.MigrationParser;
import io.revchain.core.parse.ParserInputs;
import io.revchain.core.parse.PythonSyntaxError;
import io.revchain.core.parse.SourceDecoder;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code revchain bench --parser}: wall-clock parse times of 1 MB and 10 MB inputs in the six shapes that could make a
 * careless tokenizer quadratic (the same shapes {@code ParserFuzzTest} bounds by counted tokenizer steps, never by
 * time). Best of {@code runs} after one warm-up parse of each input. The floor, measured beside each figure on the
 * same bytes, is what any parser must do with them: decode them to text and look at every character once; each
 * parse time is also given as a multiple of it, which survives a noisy machine better than the milliseconds.
 */
public final class ParserBenchmark {
    private ParserBenchmark() {}

    public static final List<String> SHAPES =
            List.of("lines", "one-long-line", "docstring", "brackets", "continuations", "unterminated");

    public record Row(String shape, double oneMbMs, double tenMbMs, double tenMbFloorMs) {}

    public static List<Row> run(int runs, PrintWriter progress) {
        MigrationParser parser = new MigrationParser("cdd01ef066bc6cf2");
        List<Row> rows = new ArrayList<>();
        for (String shape : SHAPES) {
            byte[] one = ParserInputs.shaped(shape, 1 << 20);
            byte[] ten = ParserInputs.shaped(shape, 10 << 20);
            parseNanos(parser, one); // warm-up: class loading and the JIT
            floorNanos(one);
            long t1 = Long.MAX_VALUE;
            long t10 = Long.MAX_VALUE;
            long f10 = Long.MAX_VALUE;
            for (int i = 0; i < Math.max(1, runs); i++) {
                t1 = Math.min(t1, parseNanos(parser, one));
                t10 = Math.min(t10, parseNanos(parser, ten));
                f10 = Math.min(f10, floorNanos(ten));
            }
            progress.printf(
                    "parser %-14s 1 MB %7.1f ms, 10 MB %7.1f ms (floor %5.1f ms, %.0f×)%n",
                    shape, t1 / 1e6, t10 / 1e6, f10 / 1e6, (double) t10 / f10);
            rows.add(new Row(shape, t1 / 1e6, t10 / 1e6, f10 / 1e6));
        }
        return rows;
    }

    public static String table(List<Row> rows) {
        StringBuilder b = new StringBuilder(
                "| shape | 1 MB | 10 MB | 10 MB ÷ 1 MB | floor, 10 MB | 10 MB ÷ floor |\n|---|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            b.append(String.format(
                    Locale.ROOT,
                    "| %s | %.1f ms | %.1f ms | %.1f | %.1f ms | %.0f× |%n",
                    r.shape(),
                    r.oneMbMs(),
                    r.tenMbMs(),
                    r.tenMbMs() / r.oneMbMs(),
                    r.tenMbFloorMs(),
                    r.tenMbMs() / r.tenMbFloorMs()));
        }
        return b.toString();
    }

    /** Decoding {@code bytes} and reading every character once: no parser can do less. */
    private static long floorNanos(byte[] bytes) {
        long t = System.nanoTime();
        try {
            String text = SourceDecoder.decode(bytes);
            int lines = 0;
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    lines++;
                }
            }
            SINK.set(lines);
        } catch (PythonSyntaxError e) {
            SINK.set(-1);
        }
        return System.nanoTime() - t;
    }

    // keeps the floor's loop from being optimised away
    private static final AtomicInteger SINK = new AtomicInteger();

    private static long parseNanos(MigrationParser parser, byte[] bytes) {
        long t = System.nanoTime();
        parser.parse("v/big.py", bytes);
        return System.nanoTime() - t;
    }
}
