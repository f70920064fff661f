package io.revchain.app.reliability;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.revchain.analyzer.stream.AnalyzerService;
import java.nio.file.Path;

/**
 * One analyzer instance in its own JVM, for the crash tests to kill with SIGKILL (no shutdown hook, no clean
 * close: the process simply stops). Arguments: bootstrap servers, application id, instance id, state dir,
 * {@code eos} or {@code alos}.
 */
public final class AnalyzerChild {
    private AnalyzerChild() {}

    public static void main(String[] args) throws InterruptedException {
        AnalyzerService s = new AnalyzerService(
                        Kafkas.analyzer(args[0], args[1], args[2], Path.of(args[3]), args[4].equals("eos")),
                        new SimpleMeterRegistry())
                .started();
        System.out.println("analyzer child started: " + s.config().instanceId());
        Thread.sleep(Long.MAX_VALUE);
    }
}
