package io.revchain.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LifecycleTest {

    @Test
    void goesNewStartingRunningClosed() {
        Lifecycle l = new Lifecycle("svc");
        assertThat(l.state()).isEqualTo(ServiceState.NEW);
        l.starting();
        assertThat(l.state()).isEqualTo(ServiceState.STARTING);
        assertThat(l.state().live()).isTrue();
        assertThat(l.state().ready()).isFalse();
        assertThat(l.running()).isTrue();
        assertThat(l.state().ready()).isTrue();
        assertThat(l.closing()).isTrue();
        assertThat(l.state()).isEqualTo(ServiceState.CLOSED);
    }

    @Test
    void startTwiceThrows() {
        Lifecycle l = new Lifecycle("svc");
        l.starting();
        assertThatThrownBy(l::starting)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("svc was already started");
        l.running();
        assertThatThrownBy(l::starting).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void startAfterCloseThrowsAndCloseBeforeStartIsFine() {
        Lifecycle l = new Lifecycle("svc");
        assertThat(l.closing()).isTrue();
        assertThat(l.state()).isEqualTo(ServiceState.CLOSED);
        assertThatThrownBy(l::starting)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void closeWorkRunsOnceEvenWhenRacing() throws InterruptedException {
        Lifecycle l = new Lifecycle("svc");
        l.starting();
        AtomicInteger closers = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Thread t = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                if (l.closing()) {
                    closers.incrementAndGet();
                }
            });
            t.start();
            threads.add(t);
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(closers).hasValue(1);
        assertThat(l.isClosing()).isTrue();
    }

    @Test
    void failureSticksWithItsCauseAndSurvivesClose() {
        Lifecycle l = new Lifecycle("svc");
        l.starting();
        l.running();
        IllegalStateException boom = new IllegalStateException("boom");
        assertThat(l.failed(boom)).isTrue();
        assertThat(l.failed(new RuntimeException("later"))).isFalse();
        assertThat(l.state().phase()).isEqualTo(ServiceState.Phase.FAILED);
        assertThat(l.state().cause()).containsSame(boom);
        assertThat(l.state().live()).isFalse();
        assertThat(l.running()).isFalse();
        assertThat(l.closing()).isTrue();
        assertThat(l.state().cause()).containsSame(boom);
    }

    @Test
    void aFailureWhileClosingIsPartOfClosing() {
        Lifecycle l = new Lifecycle("svc");
        l.starting();
        l.closing();
        assertThat(l.failed(new RuntimeException("interrupted by close"))).isFalse();
        assertThat(l.state()).isEqualTo(ServiceState.CLOSED);
    }

    @Test
    void stateIsImmutableAndDescribesItsCause() {
        assertThatThrownBy(() -> new ServiceState(ServiceState.Phase.FAILED, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        ServiceState s = ServiceState.failed(new IllegalStateException("disk full\nsecond line"));
        assertThat(s.describe()).isEqualTo("FAILED (IllegalStateException: disk full)");
        assertThat(ServiceState.RUNNING.describe()).isEqualTo("RUNNING");
    }
}
