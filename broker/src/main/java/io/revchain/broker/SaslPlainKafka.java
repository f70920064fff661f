package io.revchain.broker;

import java.util.Map;

/**
 * One embedded broker that also listens with {@code SASL_PLAINTEXT} (mechanism {@code PLAIN}) for one user: the
 * honest proof that a service's security settings reach its Kafka clients, since a client without them cannot
 * talk to {@link #saslBootstrapServers()}. The plain listener stays for the broker's own start-up check and for a
 * test's set-up clients.
 */
public final class SaslPlainKafka implements AutoCloseable {

    /** The SASL listener's name in the broker's listener map. */
    static final String LISTENER = "SASL";

    private final EmbeddedKafka kafka;
    private final int saslPort;

    private SaslPlainKafka(EmbeddedKafka kafka, int saslPort) {
        this.kafka = kafka;
        this.saslPort = saslPort;
    }

    /** Starts a single node whose SASL listener accepts {@code user} with {@code password} only. */
    public static SaslPlainKafka start(String user, String password) {
        int[] ports = FreePorts.pick(3);
        String jaas = "org.apache.kafka.common.security.plain.PlainLoginModule required user_" + user + "=\"" + password
                + "\";";
        EmbeddedKafka.Config config = EmbeddedKafka.Config.defaults()
                .withPorts(ports[0], ports[1])
                .withOverride(
                        "listeners",
                        "PLAINTEXT://127.0.0.1:" + ports[0] + ",CONTROLLER://127.0.0.1:" + ports[1] + "," + LISTENER
                                + "://127.0.0.1:" + ports[2])
                .withOverride(
                        "advertised.listeners",
                        "PLAINTEXT://127.0.0.1:" + ports[0] + "," + LISTENER + "://127.0.0.1:" + ports[2])
                .withOverride(
                        "listener.security.protocol.map",
                        "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT," + LISTENER + ":SASL_PLAINTEXT")
                .withOverride("listener.name.sasl.sasl.enabled.mechanisms", "PLAIN")
                .withOverride("listener.name.sasl.plain.sasl.jaas.config", jaas);
        return new SaslPlainKafka(EmbeddedKafka.start(config), ports[2]);
    }

    /** The SASL listener, for the clients under test. */
    public String saslBootstrapServers() {
        return "127.0.0.1:" + saslPort;
    }

    /** The plain listener, for set-up and checks outside the clients under test. */
    public String plaintextBootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** The client settings that log in as {@code user} over {@link #saslBootstrapServers()}. */
    public Map<String, String> clientSettings(String user, String password) {
        return Map.of(
                "bootstrap.servers",
                saslBootstrapServers(),
                "security.protocol",
                "SASL_PLAINTEXT",
                "sasl.mechanism",
                "PLAIN",
                "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user + "\" password=\""
                        + password + "\";");
    }

    @Override
    public void close() {
        kafka.close();
    }
}
