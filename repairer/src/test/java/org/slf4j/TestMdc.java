package org.slf4j;

import org.slf4j.helpers.BasicMDCAdapter;

/**
 * Makes the logging context observable in tests: slf4j-simple, the tests' binding, keeps no MDC at all, so a test
 * that checks what a class puts there installs slf4j's own map-backed adapter first. Lives in {@code org.slf4j}
 * because that is where slf4j keeps the setter.
 */
public final class TestMdc {

    private TestMdc() {}

    /** Installs a working MDC adapter for this JVM, once slf4j has chosen its provider. */
    public static synchronized void install() {
        LoggerFactory.getILoggerFactory();
        if (!(MDC.getMDCAdapter() instanceof BasicMDCAdapter)) {
            MDC.setMDCAdapter(new BasicMDCAdapter());
        }
    }
}
