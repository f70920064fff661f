package io.revchain.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.revchain.analyzer.stream.AnalyzerConfig;
import io.revchain.core.config.OrgConfig;
import io.revchain.core.config.RepositorySpec;
import io.revchain.event.Topic;
import io.revchain.event.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Keeps {@code docker-compose.yml} in step with the code. The deployment cannot be started here (no Docker
 * engine), so what can drift is checked against the real CLI model instead: each revchain service's command is
 * parsed by {@link Main}'s picocli model, each {@code REVCHAIN_*} variable must be one its command reads, the
 * Kafka bootstrap servers must be the brokers' inter-broker listeners, published ports, healthchecks and
 * Prometheus targets must be the ports the services are told to listen on, the analyzer replicas must resolve
 * (through {@link AnalyzerConfig}) to distinct instances with their own state and standbys, and the
 * topic-creation script must create exactly {@link Topics#all()}.
 */
class ComposeConsistencyTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String BOOTSTRAP_ENV = "KAFKA_BOOTSTRAP_SERVERS";
    /** Read with {@code System.getenv} by the command itself rather than through an option default. */
    private static final Map<String, Set<String>> DOCUMENTED_ENV = Map.of(
            "ingest", Set.of("REVCHAIN_WORK_DIR", "REVCHAIN_INSTANCE_ID"), "repairer", Set.of("REVCHAIN_WORK_DIR"));

    private static final Pattern ENV_DEFAULT = Pattern.compile("\\$\\{env:([A-Za-z0-9_]+):-(.*)}");
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{env:([A-Za-z0-9_]+)");
    private static final Pattern TOPIC_LINE = Pattern.compile("^topic\\s+(\\S+)\\s+(\\d+)\\s+(compact|delete)\\s*$");
    private static final Pattern URL_PORT = Pattern.compile("https?://[^/:\\s\"]+:(\\d+)/");

    private static Path root;
    private static Map<String, JsonNode> services;
    /** The subcommands with variables left as written ({@code ${env:NAME:-default}}). */
    private static Map<String, CommandLine> rawCommands;

    @BeforeAll
    static void load() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("docker-compose.yml"))) {
            dir = dir.getParent();
        }
        assertThat(dir)
                .as("docker-compose.yml above " + Path.of("").toAbsolutePath())
                .isNotNull();
        root = dir;
        services = new TreeMap<>();
        YAML.readTree(root.resolve("docker-compose.yml").toFile())
                .get("services")
                .fields()
                .forEachRemaining(e -> services.put(e.getKey(), e.getValue()));
        CommandLine raw = new CommandLine(new Main());
        raw.setInterpolateVariables(false);
        rawCommands = raw.getSubcommands();
    }

    // --- the services and their commands ----------------------------------------------------------------------

    @Test
    void theRevchainServicesAreTwoIngestsTwoAnalyzersRepairerAndReporterFromTheDockerfileImage() throws IOException {
        // Given the revchain services of the compose file
        Map<String, String> commandOf = new TreeMap<>();
        revchainServices().forEach(s -> commandOf.put(s, command(s).get(0)));

        // Then each of the four services runs, ingest and the analyzer twice, all built from the root Dockerfile
        assertThat(commandOf)
                .containsOnlyKeys("ingest-1", "ingest-2", "analyzer-1", "analyzer-2", "repairer", "reporter");
        assertThat(commandOf.values())
                .containsExactlyInAnyOrder("ingest", "ingest", "analyzer", "analyzer", "repairer", "reporter");
        for (String s : revchainServices()) {
            assertThat(services.get(s).path("build").asText())
                    .as(s + " build context")
                    .isEqualTo(".");
        }
        String dockerfile = Files.readString(root.resolve("Dockerfile"));
        assertThat(dockerfile)
                .contains("ENTRYPOINT [\"revchain\"]")
                .contains("COPY --from=build /build/app/target/revchain.jar /build/app/target/revchain-slim.jar "
                        + "/opt/revchain/")
                .containsPattern("(?m)^USER revchain$");
        // every reactor module and the fixture the jar packs must reach the build stage
        String pom = Files.readString(root.resolve("pom.xml"));
        Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(pom);
        List<String> modules = new ArrayList<>();
        while (m.find()) {
            modules.add(m.group(1));
        }
        assertThat(modules).isNotEmpty();
        for (String module : modules) {
            assertThat(dockerfile)
                    .as("Dockerfile copies module " + module)
                    .containsPattern("(?m)^COPY " + module + " ");
        }
        assertThat(dockerfile).containsPattern("(?m)^COPY fixtures ");
    }

    @Test
    void everyRevchainCommandParsesWithTheRealCommandLine() {
        for (String s : revchainServices()) {
            List<String> cmd = command(s);
            // When the real CLI parses the service's command (unknown subcommands and options are errors)
            ParseResult sub = parse(s);

            // Then it names a subcommand of Main and every option it gives is one that subcommand declares
            assertThat(sub.commandSpec().name()).as(s).isEqualTo(cmd.get(0));
            for (String arg : cmd.subList(1, cmd.size())) {
                if (arg.startsWith("--")) {
                    assertThat(sub.commandSpec().findOption(arg.split("=", 2)[0]))
                            .as(s + " option " + arg)
                            .isNotNull();
                }
            }
        }
    }

    @Test
    void everyRevchainEnvironmentVariableIsOneItsCommandReads() {
        for (String s : revchainServices()) {
            String sub = parse(s).commandSpec().name();
            // Given what the subcommand reads: option defaults ${env:NAME:-…}, the Kafka mixin, documented getenv
            Set<String> read = new TreeSet<>(DOCUMENTED_ENV.getOrDefault(sub, Set.of()));
            CommandSpec spec = rawCommands.get(sub).getCommandSpec();
            for (OptionSpec o : spec.options()) {
                if (o.defaultValue() != null) {
                    Matcher m = ENV_REFERENCE.matcher(o.defaultValue());
                    while (m.find()) {
                        read.add(m.group(1));
                    }
                }
            }
            if (spec.findOption("--bootstrap-servers") != null) {
                read.add(BOOTSTRAP_ENV);
            }
            if (sub.equals("analyzer")) {
                AnalyzerConfig.KEYS.forEach(k -> read.add(AnalyzerConfig.envName(k)));
            }
            // Then every REVCHAIN_* / KAFKA_BOOTSTRAP_SERVERS variable the service sets is among them
            for (String var : env(s).keySet()) {
                if (var.startsWith("REVCHAIN_") || var.equals(BOOTSTRAP_ENV)) {
                    assertThat(read)
                            .as(s + " (revchain " + sub + ") reads " + var)
                            .contains(var);
                }
            }
        }
    }

    @Test
    void theCredentialsNamedInRevchainYamlReachIngestAndRepairer() throws Exception {
        OrgConfig org = OrgConfig.load(hostPathOf("ingest-1", configTarget("ingest-1")));
        Set<String> names = new TreeSet<>();
        for (RepositorySpec r : org.repositories()) {
            if (r.remote().credentials() != null) {
                names.add(r.remote().credentials());
            }
        }
        assertThat(org.repositories()).isNotEmpty();
        for (String s : List.of("ingest-1", "ingest-2", "repairer")) {
            assertThat(env(s).keySet()).as(s + " environment").containsAll(names);
        }
        // and the webhooks' secret variable reaches both ingest instances, which serve the webhooks
        for (RepositorySpec r : org.repositories()) {
            String secret = org.webhookSecret(r.id());
            assertThat(secret).as(r.id() + " webhook secret variable").isNotNull();
            for (String s : List.of("ingest-1", "ingest-2")) {
                assertThat(env(s).keySet()).as(s + " environment").contains(secret);
            }
        }
    }

    // --- Kafka ------------------------------------------------------------------------------------------------

    @Test
    void theKraftClusterIsThreeCombinedNodesWithReplicationThreeAndMinIsrTwo() {
        List<String> brokers = brokers();
        assertThat(brokers).hasSize(3);
        Set<String> ids = new TreeSet<>();
        Set<String> clusterIds = new HashSet<>();
        Set<String> voters = new HashSet<>();
        Set<String> expectedVoters = new TreeSet<>();
        for (String b : brokers) {
            Map<String, String> env = env(b);
            assertThat(services.get(b).path("image").asText()).as(b).matches("apache/kafka:4\\.[0-9.]+");
            assertThat(env.get("KAFKA_PROCESS_ROLES")).as(b).isEqualTo("broker,controller");
            ids.add(env.get("KAFKA_NODE_ID"));
            clusterIds.add(env.get("CLUSTER_ID"));
            voters.add(env.get("KAFKA_CONTROLLER_QUORUM_VOTERS"));
            String controller = env.get("KAFKA_CONTROLLER_LISTENER_NAMES");
            expectedVoters.add(env.get("KAFKA_NODE_ID") + "@" + b + ":"
                    + port(listeners(env.get("KAFKA_LISTENERS")).get(controller)));
            assertThat(env)
                    .as(b)
                    .containsEntry("KAFKA_DEFAULT_REPLICATION_FACTOR", "3")
                    .containsEntry("KAFKA_MIN_INSYNC_REPLICAS", "2")
                    .containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "3");
        }
        assertThat(ids).hasSize(3);
        assertThat(clusterIds).hasSize(1).doesNotContainNull();
        // kafka-storage formats each log dir with it: it must be a Kafka Uuid (22 characters of base64url)
        String clusterId = clusterIds.iterator().next();
        assertThat(Uuid.fromString(clusterId).toString()).isEqualTo(clusterId);
        assertThat(voters).hasSize(1);
        assertThat(new TreeSet<>(Arrays.asList(voters.iterator().next().split(","))))
                .isEqualTo(expectedVoters);
    }

    @Test
    void everyBootstrapServerListIsTheBrokersInterBrokerListeners() {
        // Given each broker's advertised inter-broker address
        Set<String> internal = new TreeSet<>();
        for (String b : brokers()) {
            Map<String, String> env = env(b);
            String name = env.get("KAFKA_INTER_BROKER_LISTENER_NAME");
            String advertised = listeners(env.get("KAFKA_ADVERTISED_LISTENERS")).get(name);
            assertThat(advertised)
                    .as(b + " advertises " + name)
                    .isEqualTo(
                            b + ":" + port(listeners(env.get("KAFKA_LISTENERS")).get(name)));
            internal.add(advertised);
        }
        // Then every revchain service, and the topic creation, bootstraps from exactly those
        for (String s : revchainServices()) {
            ParseResult sub = parse(s);
            String servers = optionValue(s, sub, "--bootstrap-servers");
            if (servers == null) {
                servers = env(s).get(BOOTSTRAP_ENV);
            }
            assertThat(servers).as(s + " bootstrap servers").isNotNull();
            assertThat(new TreeSet<>(Arrays.asList(servers.split(",")))).as(s).isEqualTo(internal);
        }
        for (String a : analyzers()) {
            assertThat(new TreeSet<>(
                            Arrays.asList(analyzerConfig(a).bootstrapServers().split(","))))
                    .as(a)
                    .isEqualTo(internal);
        }
        assertThat(new TreeSet<>(
                        Arrays.asList(env("create-topics").get(BOOTSTRAP_ENV).split(","))))
                .isEqualTo(internal);
    }

    @Test
    void theTopicScriptCreatesExactlyTheTopicsOfTheCodeBeforeAnyServiceStarts() throws IOException {
        // Given the create-topics service and the script it runs
        JsonNode init = services.get("create-topics");
        assertThat(init.path("image").asText()).startsWith("apache/kafka:4.");
        String target = String.join(" ", strings(init.get("entrypoint"))).replaceAll("^.*\\s", "");
        Path script = hostPathOf("create-topics", target);
        String text = Files.readString(script);

        // When its `topic NAME PARTITIONS POLICY` lines are read
        Map<String, String> created = new TreeMap<>();
        for (String line : text.split("\n")) {
            Matcher m = TOPIC_LINE.matcher(line.strip());
            if (m.matches()) {
                assertThat(created.put(m.group(1), m.group(2) + " " + m.group(3)))
                        .as("topic " + m.group(1))
                        .isNull();
            }
        }

        // Then they are Topics.all() with its partitions and compaction, replicated three times
        Map<String, String> expected = new TreeMap<>();
        for (Topic<?, ?> t : Topics.all()) {
            expected.put(t.name(), t.partitions() + " " + (t.compacted() ? "compact" : "delete"));
        }
        assertThat(created).isEqualTo(expected);
        assertThat(text)
                .contains("--replication-factor 3")
                .contains("--config \"cleanup.policy=$3\"")
                .contains("--partitions \"$2\"")
                .contains("--if-not-exists");
        for (String s : revchainServices()) {
            assertThat(services.get(s)
                            .path("depends_on")
                            .path("create-topics")
                            .path("condition")
                            .asText())
                    .as(s + " waits for the topics")
                    .isEqualTo("service_completed_successfully");
        }
        for (String b : brokers()) {
            assertThat(init.path("depends_on").path(b).path("condition").asText())
                    .isEqualTo("service_healthy");
        }
    }

    // --- ports, healthchecks, Prometheus -----------------------------------------------------------------------

    @Test
    void publishedPortsAndHealthchecksAreThePortsTheServicesListenOn() {
        Set<String> hostPorts = new HashSet<>();
        for (String s : services.keySet()) {
            for (String p : strings(services.get(s).get("ports"))) {
                assertThat(hostPorts.add(p.split(":")[0]))
                        .as("host port of " + s + " " + p + " is unique")
                        .isTrue();
            }
        }
        for (String s : revchainServices()) {
            Set<Integer> listening = listeningPorts(s);
            for (String p : strings(services.get(s).get("ports"))) {
                int container = Integer.parseInt(p.split(":")[1].split("/")[0]);
                assertThat(listening).as(s + " publishes " + p).contains(container);
            }
            Matcher m = URL_PORT.matcher(
                    String.join(" ", strings(services.get(s).path("healthcheck").get("test"))));
            assertThat(m.find()).as(s + " has an HTTP healthcheck").isTrue();
            assertThat(listening).as(s + " healthcheck port").contains(Integer.parseInt(m.group(1)));
        }
        // the reporter's dashboard is reachable from the host
        assertThat(strings(services.get("reporter").get("ports")))
                .as("reporter publishes its dashboard port")
                .anySatisfy(p -> assertThat(p).endsWith(":" + metricsPort("reporter")));
    }

    @Test
    void prometheusScrapesEveryRevchainServiceOnItsMetricsPortBoundToAllInterfaces() throws IOException {
        // Given the scrape targets of the mounted prometheus.yml
        Path config = hostPathOf("prometheus", "/etc/prometheus/prometheus.yml");
        Set<String> targets = new TreeSet<>();
        for (JsonNode job : YAML.readTree(config.toFile()).get("scrape_configs")) {
            for (JsonNode sc : job.path("static_configs")) {
                targets.addAll(strings(sc.get("targets")));
            }
        }
        // Then each revchain service is scraped where it serves /metrics, on an interface other containers reach
        Set<String> expected = new TreeSet<>();
        for (String s : revchainServices()) {
            expected.add(s + ":" + metricsPort(s));
            ParseResult sub = parse(s);
            String host = isAnalyzer(s)
                    ? analyzerConfig(s).httpHost()
                    : optionValue(
                            s,
                            sub,
                            sub.commandSpec().findOption("--metrics-host") != null ? "--metrics-host" : "--host");
            assertThat(host).as(s + " binds /metrics on").isEqualTo("0.0.0.0");
        }
        targets.removeIf(t -> t.startsWith("localhost:"));
        assertThat(targets).isEqualTo(expected);
    }

    // --- the ingest replicas -----------------------------------------------------------------------------------

    @Test
    void theIngestsAreDistinctGroupMembersWithTheirOwnWorkVolumesAndPublishedWebhookPorts() {
        List<String> ingests = revchainServices().stream()
                .filter(s -> command(s).get(0).equals("ingest"))
                .toList();
        assertThat(ingests).containsExactly("ingest-1", "ingest-2");
        Set<String> instances = new HashSet<>();
        Set<String> volumes = new HashSet<>();
        Set<String> hostPorts = new HashSet<>();
        for (String s : ingests) {
            // each is a static member of its own name (a restart keeps its repositories)
            String id = env(s).get("REVCHAIN_INSTANCE_ID");
            assertThat(id).as(s + " REVCHAIN_INSTANCE_ID").isEqualTo(s);
            assertThat(instances.add(id)).isTrue();
            // with a work volume of its own
            String work = optionValue(s, parse(s), "--work-dir");
            assertThat(volumes.add(mounts(s).get(work))).as(s + " work volume").isTrue();
            // and its one port (webhooks, health, metrics) published, to the port it listens on
            String listens = optionValue(s, parse(s), "--metrics-port");
            JsonNode ports = services.get(s).path("ports");
            assertThat(ports.size()).as(s + " published ports").isEqualTo(1);
            String[] mapping = ports.get(0).asText().split(":");
            assertThat(mapping[1]).as(s + " container port").isEqualTo(listens);
            assertThat(hostPorts.add(mapping[0])).as(s + " host port").isTrue();
        }
    }

    // --- the analyzer replicas ---------------------------------------------------------------------------------

    @Test
    void theAnalyzersAreDistinctInstancesWithTheirOwnStateVolumesAndAStandbyEach() {
        List<String> analyzers = analyzers();
        assertThat(analyzers).hasSize(2);
        Set<String> instances = new HashSet<>();
        Set<String> stateVolumes = new HashSet<>();
        Set<String> declaredVolumes = new HashSet<>();
        declaredVolumes.addAll(declaredVolumes());
        for (String a : analyzers) {
            // When the analyzer's settings are resolved as the command resolves them (flags, env, file)
            AnalyzerConfig cfg = analyzerConfig(a);

            // Then it is its own instance, reachable under its service name, with standbys and a state volume
            assertThat(instances.add(cfg.instanceId()))
                    .as(a + " instance id " + cfg.instanceId())
                    .isTrue();
            assertThat(cfg.advertisedHost()).as(a).isEqualTo(a);
            assertThat(cfg.httpHost()).as(a).isEqualTo("0.0.0.0");
            assertThat(cfg.standbyReplicas()).as(a).isEqualTo(1).isLessThan(analyzers.size());
            assertThat(cfg.applicationId()).isEqualTo(AnalyzerConfig.APPLICATION_ID);
            String volume = mounts(a).get(cfg.stateDir().toString());
            assertThat(volume)
                    .as(a + " mounts its state dir " + cfg.stateDir())
                    .isNotNull()
                    .doesNotStartWith(".")
                    .doesNotStartWith("/");
            assertThat(declaredVolumes).contains(volume);
            assertThat(stateVolumes.add(volume))
                    .as(a + " state volume " + volume + " is its own")
                    .isTrue();
            assertThat(cfg.kafka()).as(a + " internal topics").containsEntry("replication.factor", "3");
        }
    }

    @Test
    void mountedConfigurationIsValidForTheCodeThatReadsIt() throws Exception {
        // revchain.yaml: read by OrgConfig exactly as ingest and repairer read it
        for (String s : List.of("ingest-1", "ingest-2", "repairer")) {
            assertThat(OrgConfig.load(hostPathOf(s, configTarget(s))).repositories())
                    .as(s)
                    .isNotEmpty();
            String workDir = optionValue(s, parse(s), "--work-dir");
            assertThat(workDir == null ? env(s).get("REVCHAIN_WORK_DIR") : workDir)
                    .as(s + " work dir")
                    .isNotNull()
                    .satisfies(w -> assertThat(mounts(s))
                            .as(s + " work dir is a volume")
                            .containsKey(w));
        }
        // analyzer.properties: only keys AnalyzerConfig reads
        for (String a : analyzers()) {
            for (String key :
                    AnalyzerConfig.readFile(hostPathOf(a, configTarget(a))).keySet()) {
                assertThat(AnalyzerConfig.KEYS.contains(key) || key.startsWith("kafka.") || key.startsWith("policy."))
                        .as("analyzer.properties key " + key)
                        .isTrue();
            }
        }
        // every bind mount names a file of the repository
        for (String s : services.keySet()) {
            for (Map.Entry<String, String> m : mounts(s).entrySet()) {
                if (m.getValue().startsWith("./")) {
                    assertThat(root.resolve(m.getValue()))
                            .as(s + " mounts " + m.getValue())
                            .exists();
                }
            }
        }
    }

    @Test
    void grafanaProvisionsThePrometheusDatasourceAndTheRevchainDashboard() throws IOException {
        Path provisioning = hostPathOf("grafana", "/etc/grafana/provisioning");
        JsonNode ds = YAML.readTree(
                        provisioning.resolve("datasources/prometheus.yml").toFile())
                .get("datasources")
                .get(0);
        assertThat(ds.get("type").asText()).isEqualTo("prometheus");
        assertThat(ds.get("url").asText()).isEqualTo("http://prometheus:9090");
        assertThat(strings(services.get("prometheus").get("ports"))).contains("9090:9090");

        JsonNode provider = YAML.readTree(
                        provisioning.resolve("dashboards/revchain.yml").toFile())
                .get("providers")
                .get(0);
        String dir = provider.path("options").path("path").asText();
        String dashboard = dir + "/revchain-dashboard.json";
        Path json = hostPathOf("grafana", dashboard);
        assertThat(json).isEqualTo(root.resolve("deploy/grafana/revchain-dashboard.json"));
        JsonNode board = new ObjectMapper().readTree(json.toFile());
        assertThat(board.path("panels").size()).isPositive();
        assertThat(env("grafana")).containsEntry("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH", dashboard);
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    private static List<String> revchainServices() {
        return services.keySet().stream()
                .filter(s -> services.get(s).path("image").asText().startsWith("revchain"))
                .toList();
    }

    private static List<String> analyzers() {
        return revchainServices().stream()
                .filter(s -> command(s).get(0).equals("analyzer"))
                .toList();
    }

    private static List<String> brokers() {
        return services.keySet().stream()
                .filter(s -> services.get(s).path("image").asText().startsWith("apache/kafka")
                        && env(s).containsKey("KAFKA_PROCESS_ROLES"))
                .toList();
    }

    private static List<String> command(String service) {
        JsonNode c = services.get(service).get("command");
        assertThat(c).as(service + " command").isNotNull();
        return c.isArray() ? strings(c) : List.of(c.asText().trim().split("\\s+"));
    }

    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node != null) {
            node.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    private static Map<String, String> env(String service) {
        JsonNode e = services.get(service).get("environment");
        Map<String, String> out = new LinkedHashMap<>();
        if (e == null) {
            return out;
        }
        if (e.isArray()) {
            e.forEach(n -> {
                String[] kv = n.asText().split("=", 2);
                out.put(kv[0], kv.length > 1 ? kv[1] : "");
            });
        } else {
            e.fields().forEachRemaining(f -> out.put(f.getKey(), f.getValue().asText()));
        }
        return out;
    }

    /** Container path to source (a named volume, or a {@code ./} path of the repository). */
    private static Map<String, String> mounts(String service) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String v : strings(services.get(service).get("volumes"))) {
            String[] parts = v.split(":");
            out.put(parts[1], parts[0]);
        }
        return out;
    }

    private static List<String> declaredVolumes() {
        try {
            List<String> names = new ArrayList<>();
            YAML.readTree(root.resolve("docker-compose.yml").toFile())
                    .path("volumes")
                    .fieldNames()
                    .forEachRemaining(names::add);
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The repository file bind-mounted at {@code containerPath}, or under a mounted folder. */
    private static Path hostPathOf(String service, String containerPath) {
        for (Map.Entry<String, String> m : mounts(service).entrySet()) {
            if (!m.getValue().startsWith("./")) {
                continue;
            }
            if (containerPath.equals(m.getKey())) {
                return root.resolve(m.getValue()).normalize();
            }
            if (containerPath.startsWith(m.getKey() + "/")) {
                return root.resolve(m.getValue())
                        .resolve(containerPath.substring(m.getKey().length() + 1))
                        .normalize();
            }
        }
        return fail(service + " mounts nothing of the repository at " + containerPath);
    }

    private static String configTarget(String service) {
        String c = optionValue(service, parse(service), "--config");
        assertThat(c).as(service + " --config").isNotNull();
        return c;
    }

    private static ParseResult parse(String service) {
        List<String> cmd = command(service);
        try {
            ParseResult top = new CommandLine(new Main()).parseArgs(cmd.toArray(String[]::new));
            assertThat(top.subcommand()).as(service + ": " + cmd).isNotNull();
            return top.subcommand();
        } catch (CommandLine.ParameterException e) {
            return fail(
                    service + ": 'revchain " + String.join(" ", cmd) + "' is refused by the CLI: " + e.getMessage());
        }
    }

    /**
     * An option's value as the service would see it: given on its command, else its default with
     * {@code ${env:NAME:-default}} resolved against the service's compose environment; null when neither.
     */
    private static String optionValue(String service, ParseResult sub, String name) {
        if (sub.hasMatchedOption(name)) {
            return sub.matchedOption(name).originalStringValues().get(0);
        }
        OptionSpec raw =
                rawCommands.get(sub.commandSpec().name()).getCommandSpec().findOption(name);
        if (raw == null || raw.defaultValue() == null) {
            return null;
        }
        Matcher m = ENV_DEFAULT.matcher(raw.defaultValue());
        return m.matches() ? env(service).getOrDefault(m.group(1), m.group(2)) : raw.defaultValue();
    }

    /** Where a service serves {@code /metrics}: its one HTTP port, whatever its option is called. */
    private static int metricsPort(String service) {
        if (isAnalyzer(service)) {
            return analyzerConfig(service).httpPort();
        }
        ParseResult sub = parse(service);
        String v = optionValue(
                service, sub, sub.commandSpec().findOption("--metrics-port") != null ? "--metrics-port" : "--port");
        assertThat(v).as(service + " metrics port").isNotNull();
        return Integer.parseInt(v);
    }

    private static Set<Integer> listeningPorts(String service) {
        // one HTTP server per process
        return Set.of(metricsPort(service));
    }

    private static boolean isAnalyzer(String service) {
        return command(service).get(0).equals("analyzer");
    }

    /** The analyzer's settings resolved as {@code AnalyzerCommand} resolves them, with the compose environment. */
    private static AnalyzerConfig analyzerConfig(String service) {
        ParseResult sub = parse(service);
        Map<String, String> flags = new LinkedHashMap<>();
        Map<String, String> optionKeys = Map.of(
                "--bootstrap-servers",
                "bootstrap.servers",
                "--instance-id",
                "instance.id",
                "--state-dir",
                "state.dir",
                "--http-port",
                "http.port",
                "--advertised-host",
                "advertised.host",
                "--standby-replicas",
                "num.standby.replicas",
                "--policy",
                "policy");
        optionKeys.forEach((option, key) -> {
            if (sub.hasMatchedOption(option)) {
                flags.put(key, sub.matchedOption(option).originalStringValues().get(0));
            }
        });
        if (sub.hasMatchedOption("--set")) {
            for (String kv : sub.matchedOption("--set").originalStringValues()) {
                String[] p = kv.split("=", 2);
                flags.put(p[0], p[1]);
            }
        }
        if (sub.hasMatchedOption("--exactly-once")) {
            flags.put("processing.guarantee", "exactly_once_v2");
        }
        String config = optionValue(service, sub, "--config");
        Map<String, String> file = config == null ? Map.of() : AnalyzerConfig.readFile(hostPathOf(service, config));
        return AnalyzerConfig.resolve(flags, env(service), file);
    }

    private static String port(String hostPort) {
        return hostPort.substring(hostPort.lastIndexOf(':') + 1);
    }

    /** {@code NAME://host:port,…} as name to {@code host:port}. */
    private static Map<String, String> listeners(String list) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String l : list.split(",")) {
            String[] p = l.split("://", 2);
            out.put(p[0], p[1]);
        }
        return out;
    }
}
