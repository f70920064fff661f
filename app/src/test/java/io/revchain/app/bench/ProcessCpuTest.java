package io.revchain.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class ProcessCpuTest {

    @Test
    @EnabledOnOs(OS.LINUX)
    void thisJvmHasSpentCpuAndItsCompilerAndCollectorThreadsAreCountedApart() {
        // Given this JVM, after some work of its own
        long self = ProcessHandle.current().pid();
        ProcessCpu before = ProcessCpu.of(self);
        long sum = 0;
        long until = System.nanoTime() + 300_000_000L;
        while (System.nanoTime() < until) {
            sum += Long.toString(sum).hashCode();
        }
        assertThat(sum).isNotZero();

        // When its times are read again
        ProcessCpu.Use used = ProcessCpu.of(self).since("self", before);

        // Then the process spent CPU, and its compiler and collector threads are parts of it
        assertThat(before.cpuSeconds()).isPositive();
        assertThat(used.cpuSeconds()).isGreaterThan(0.1);
        assertThat(before.compileSeconds()).isPositive().isLessThanOrEqualTo(before.cpuSeconds());
        assertThat(before.gcSeconds()).isNotNegative().isLessThanOrEqualTo(before.cpuSeconds());
        assertThat(used.process()).isEqualTo("self");
    }

    @Test
    void aProcessThatIsGoneHasNoTimes() {
        ProcessCpu gone = ProcessCpu.of(Long.MAX_VALUE);
        assertThat(gone.cpuSeconds()).isNaN();
        assertThat(gone.compileSeconds()).isNaN();
    }
}
