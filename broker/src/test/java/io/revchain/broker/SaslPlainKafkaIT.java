package io.revchain.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SaslPlainKafkaIT {

    private static Admin admin(Map<String, String> settings) {
        Map<String, Object> p = new HashMap<>(settings);
        p.put("request.timeout.ms", 5_000);
        p.put("default.api.timeout.ms", 10_000);
        return Admin.create(p);
    }

    @Test
    void theSaslListenerAdmitsTheUserAndNoOneElse() throws Exception {
        try (SaslPlainKafka kafka = SaslPlainKafka.start("revchain", "s3cret")) {
            try (Admin ok = admin(kafka.clientSettings("revchain", "s3cret"))) {
                assertThat(ok.describeCluster().nodes().get(20, TimeUnit.SECONDS))
                        .hasSize(1);
            }
            try (Admin wrong = admin(kafka.clientSettings("revchain", "guess"))) {
                assertThatThrownBy(() -> wrong.describeCluster().nodes().get(20, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(SaslAuthenticationException.class);
            }
        }
    }
}
