package io.revchain.app.bench;

/**
 * The JVM's floor for {@link StartupBenchmark}: a hello world, copied alone into a folder of its own and started
 * with the short commands' flags, so a start-up is measured against what any Java program pays.
 */
public final class Hello {
    private Hello() {}

    public static void main(String[] args) {
        System.out.println("hello");
    }
}
