package io.revchain.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HealthTest {

    @Test
    void liveUnlessAServiceFailedReadyOnlyWhenAllRun() {
        Health health = new Health();
        assertThat(health.live().ok()).isTrue();
        assertThat(health.ready().ok()).isTrue();
        TestService a = health.register(new TestService("ingest"));
        TestService b = health.register(new TestService("reporter"));
        a.state = ServiceState.STARTING;
        b.state = ServiceState.RUNNING;
        assertThat(health.live().status()).isEqualTo(200);
        assertThat(health.ready().status()).isEqualTo(503);
        assertThat(health.ready().json())
                .isEqualTo(
                        "{\"status\":\"not ready\",\"services\":["
                                + "{\"name\":\"ingest\",\"state\":\"STARTING\"},{\"name\":\"reporter\",\"state\":\"RUNNING\"}]}");
        a.state = ServiceState.RUNNING;
        assertThat(health.ready().status()).isEqualTo(200);
        b.state = ServiceState.failed(new IllegalStateException("sasl.jaas.config=... password=\"hunter2\""));
        assertThat(health.live().status()).isEqualTo(503);
        assertThat(health.ready().status()).isEqualTo(503);
        // the cause's type only: its message stays in the log
        assertThat(health.live().json())
                .contains("\"state\":\"FAILED\",\"cause\":\"java.lang.IllegalStateException\"")
                .doesNotContain("hunter2");
    }

    @Test
    void namesAreQuotedAsJson() {
        assertThat(Health.quote("a\"b\\c\n\u2028")).isEqualTo("\"a\\\"b\\\\c\\u000a\\u2028\"");
    }
}
