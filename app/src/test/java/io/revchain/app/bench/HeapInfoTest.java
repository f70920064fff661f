package io.revchain.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The heap in use, read from {@code jcmd GC.heap_info} as each collector prints it. */
class HeapInfoTest {

    @Test
    void g1PrintsOneHeap() {
        String info = """
                 garbage-first heap   total 262144K, used 134144K [0x00000000f0000000, 0x0000000100000000)
                  region size 1024K, 2 young (2048K), 0 survivors (0K)
                 Metaspace       used 45678K, committed 46080K, reserved 1114112K
                  class space    used 5678K, committed 6000K, reserved 1048576K
                """;
        assertThat(FleetBenchmark.usedHeapMb(info)).isEqualTo(131);
    }

    @Test
    void parallelGcPrintsTwoGenerationsAndBothCount() {
        String info = """
                 PSYoungGen      total 113152K, used 19456K [0x0000000782700000, 0x000000078a500000)
                  eden space 97280K, 20% used [0x0000000782700000,0x0000000783a00318,0x0000000788600000)
                 ParOldGen       total 258048K, used 57344K [0x0000000687400000, 0x0000000697000000)
                  object space 258048K, 22% used [0x0000000687400000,0x0000000687400000,0x0000000697000000)
                 Metaspace       used 8937K, committed 9088K, reserved 1114112K
                  class space    used 1062K, committed 1152K, reserved 1048576K
                """;
        assertThat(FleetBenchmark.usedHeapMb(info)).isEqualTo(75);
    }

    @Test
    void anAnswerWithoutAHeapIsUnknown() {
        assertThat(FleetBenchmark.usedHeapMb("com.sun.tools.attach.AttachNotSupportedException"))
                .isEqualTo(-1);
    }
}
