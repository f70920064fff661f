package io.revchain.reporter.service;

import io.revchain.reporter.compliance.Targets;
import io.revchain.runtime.KafkaSettings;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * How a {@link ReporterService} runs.
 *
 * @param bootstrapServers  Kafka bootstrap servers
 * @param bindAddress       address the HTTP server binds ({@value #DEFAULT_BIND} by default: read-only, but still
 *                          not meant for the open network)
 * @param port              HTTP port; 0 picks a free one ({@link ReporterService#port()} tells which)
 * @param targets           the compliance targets
 * @param snapshotInterval  how often a {@code ComplianceSnapshot} is published on {@code revchain.compliance}
 * @param instanceId        this reporter's id, the key of its snapshots
 * @param latencySamples    how many of the latest reports the exact p99 is computed over
 * @param rateWindowSeconds the trailing window, in whole seconds, of the events/s rate
 * @param allowedHosts      host names the HTTP server answers besides the defaults ({@code localhost},
 *                          {@code 127.0.0.1}, {@code [::1]} and {@code bindAddress}); a request with any other
 *                          {@code Host} header is {@code 421}, which defeats DNS rebinding. Set from
 *                          {@code REVCHAIN_HTTP_ALLOWED_HOSTS} / {@code revchain reporter --allowed-hosts}
 *                          (comma-separated): list every name Prometheus, a proxy or a browser uses to reach the
 *                          reporter, e.g. {@code reporter} when Prometheus scrapes {@code reporter:8088}
 * @param kafka             further Kafka client settings (security, SASL, TLS…) for every client the reporter opens;
 *                          {@code bootstrapServers} wins over a {@code bootstrap.servers} here. Never shown: secrets are
 *                          redacted in {@link #toString()}
 * @param hashPolicyRepos   the repositories whose policy asks for the constitutional hash (the compliance target
 *                          counts only these); {@code null}: every repository (a repository under a policy without
 *                          the hash check then counts as carrying it, having no finding that says otherwise)
 */
public record ReporterConfig(
        String bootstrapServers,
        String bindAddress,
        int port,
        Targets targets,
        Duration snapshotInterval,
        String instanceId,
        int latencySamples,
        int rateWindowSeconds,
        List<String> allowedHosts,
        Map<String, Object> kafka,
        Set<String> hashPolicyRepos) {

    /** The environment variable {@code revchain reporter} reads {@link #allowedHosts} from. */
    public static final String ALLOWED_HOSTS_ENV = "REVCHAIN_HTTP_ALLOWED_HOSTS";

    /** Loopback only. */
    public static final String DEFAULT_BIND = "127.0.0.1";
    /** The default HTTP port. */
    public static final int DEFAULT_PORT = 8088;

    public ReporterConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(targets, "targets");
        Objects.requireNonNull(snapshotInterval, "snapshotInterval");
        Objects.requireNonNull(instanceId, "instanceId");
        allowedHosts = List.copyOf(Objects.requireNonNull(allowedHosts, "allowedHosts"));
        kafka = kafka == null ? Map.of() : Map.copyOf(kafka);
        hashPolicyRepos = hashPolicyRepos == null ? null : Set.copyOf(hashPolicyRepos);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
        if (snapshotInterval.isNegative() || snapshotInterval.isZero()) {
            throw new IllegalArgumentException("snapshot interval must be positive: " + snapshotInterval);
        }
        if (latencySamples < 1 || rateWindowSeconds < 1) {
            throw new IllegalArgumentException("latencySamples and rateWindowSeconds must be at least 1");
        }
    }

    /** Loopback on {@value #DEFAULT_PORT}, default targets, a snapshot every 10 s, p99 over 10,000 reports,
     * the rate over 10 s. */
    public static ReporterConfig defaults(String bootstrapServers) {
        return new ReporterConfig(
                bootstrapServers,
                DEFAULT_BIND,
                DEFAULT_PORT,
                Targets.defaults(),
                Duration.ofSeconds(10),
                "reporter",
                10_000,
                10,
                List.of(),
                Map.of(),
                null);
    }

    public ReporterConfig withHttp(String bind, int p) {
        return new ReporterConfig(
                bootstrapServers,
                bind,
                p,
                targets,
                snapshotInterval,
                instanceId,
                latencySamples,
                rateWindowSeconds,
                allowedHosts,
                kafka,
                hashPolicyRepos);
    }

    /** The same, also answering requests for {@code hosts} (see {@link #allowedHosts}). */
    public ReporterConfig withAllowedHosts(List<String> hosts) {
        return new ReporterConfig(
                bootstrapServers,
                bindAddress,
                port,
                targets,
                snapshotInterval,
                instanceId,
                latencySamples,
                rateWindowSeconds,
                hosts,
                kafka,
                hashPolicyRepos);
    }

    /**
     * Every host name the HTTP server answers: {@code localhost}, {@code 127.0.0.1}, {@code [::1]}, the bind
     * address, and {@link #allowedHosts}.
     */
    public Set<String> allowedHostsWithDefaults() {
        Set<String> hosts = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "[::1]"));
        hosts.add(bindAddress.contains(":") && !bindAddress.startsWith("[") ? "[" + bindAddress + "]" : bindAddress);
        hosts.addAll(allowedHosts);
        return hosts;
    }

    /** {@code value} split on commas and blanks, empty parts dropped (for {@value #ALLOWED_HOSTS_ENV}). */
    public static List<String> parseHosts(String value) {
        if (value == null) {
            return List.of();
        }
        return Arrays.stream(value.split("[,\\s]+")).filter(h -> !h.isEmpty()).toList();
    }

    /** The same, with these further Kafka client settings (see {@link #kafka}). */
    public ReporterConfig withKafka(Map<String, Object> settings) {
        return new ReporterConfig(
                bootstrapServers,
                bindAddress,
                port,
                targets,
                snapshotInterval,
                instanceId,
                latencySamples,
                rateWindowSeconds,
                allowedHosts,
                settings,
                hashPolicyRepos);
    }

    /** Every setting, secrets in {@link #kafka} redacted. */
    @Override
    public String toString() {
        Map<String, Object> shown = new TreeMap<>();
        kafka.forEach((k, v) -> shown.put(k, KafkaSettings.secret(k) ? KafkaSettings.REDACTED : v));
        return "ReporterConfig[bootstrapServers=" + bootstrapServers + ", bindAddress=" + bindAddress + ", port="
                + port + ", targets=" + targets + ", snapshotInterval=" + snapshotInterval + ", instanceId="
                + instanceId + ", latencySamples=" + latencySamples + ", rateWindowSeconds=" + rateWindowSeconds
                + ", allowedHosts=" + allowedHosts + ", kafka=" + shown + ", hashPolicyRepos=" + hashPolicyRepos + "]";
    }

    public ReporterConfig withTargets(Targets t) {
        return new ReporterConfig(
                bootstrapServers,
                bindAddress,
                port,
                t,
                snapshotInterval,
                instanceId,
                latencySamples,
                rateWindowSeconds,
                allowedHosts,
                kafka,
                hashPolicyRepos);
    }

    public ReporterConfig withSnapshotInterval(Duration d) {
        return new ReporterConfig(
                bootstrapServers,
                bindAddress,
                port,
                targets,
                d,
                instanceId,
                latencySamples,
                rateWindowSeconds,
                allowedHosts,
                kafka,
                hashPolicyRepos);
    }

    public ReporterConfig withInstanceId(String id) {
        return new ReporterConfig(
                bootstrapServers,
                bindAddress,
                port,
                targets,
                snapshotInterval,
                id,
                latencySamples,
                rateWindowSeconds,
                allowedHosts,
                kafka,
                hashPolicyRepos);
    }

    public ReporterConfig withRateWindowSeconds(int seconds) {
        return new ReporterConfig(
                bootstrapServers,
                bindAddress,
                port,
                targets,
                snapshotInterval,
                instanceId,
                latencySamples,
                seconds,
                allowedHosts,
                kafka,
                hashPolicyRepos);
    }

    /** The same, counting constitutional compliance only over {@code repos} ({@code null}: every repository). */
    public ReporterConfig withHashPolicyRepos(Set<String> repos) {
        return new ReporterConfig(
                bootstrapServers,
                bindAddress,
                port,
                targets,
                snapshotInterval,
                instanceId,
                latencySamples,
                rateWindowSeconds,
                allowedHosts,
                kafka,
                repos);
    }

    /** Whether the constitutional-hash target applies to {@code repo}. */
    public boolean hashApplies(String repo) {
        return hashPolicyRepos == null || hashPolicyRepos.contains(repo);
    }
}
