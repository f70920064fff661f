package io.revchain.runtime;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The Kafka client settings of a service process, from three sources, and how they are shown. Decides:
 * <ul>
 *   <li><b>environment</b>: every {@code KAFKA_*} variable is a client property, named as bakdata's
 *   streams-bootstrap names them: {@code KAFKA_} stripped, lower case, {@code _} → {@code .}
 *   ({@code KAFKA_SASL_JAAS_CONFIG} → {@code sasl.jaas.config}). Variables the Kafka scripts and images use for
 *   the JVM ({@code KAFKA_HEAP_OPTS}, {@code KAFKA_OPTS}, any {@code KAFKA_*_OPTS}) are not client settings and are
 *   skipped;</li>
 *   <li><b>a properties file</b> ({@code --kafka-config-file}, Java properties syntax, as Kafka's own
 *   {@code --command-config} files);</li>
 *   <li><b>flags</b> ({@code --kafka-config key=value}, repeatable).</li>
 * </ul>
 * <b>Precedence: flag &gt; file &gt; environment</b>, key by key: the most explicit, most local source wins, as
 * with every other revchain option (a flag over its {@code REVCHAIN_*} variable), and a deployment's environment
 * stays the default a one-off run can override.
 *
 * <p><b>Secrets</b> ({@link #secret(String)}: any key naming a password, a secret, a token, a credential, JAAS or
 * a private key) are never shown: {@link #toString()}, {@link #describe()} and {@link #redacted()} print
 * {@value #REDACTED} instead, and no error message quotes a value.
 */
public final class KafkaSettings {

    /** What a secret's value is shown as. */
    public static final String REDACTED = "[redacted]";

    /** Where a setting came from, weakest first. */
    public enum Source {
        ENV,
        FILE,
        FLAG
    }

    private static final String PREFIX = "KAFKA_";
    private static final Set<String> NOT_CLIENT =
            Set.of("KAFKA_OPTS", "KAFKA_DEBUG", "KAFKA_HOME", "KAFKA_VERSION", "KAFKA_MODE");
    private static final List<String> SECRET_WORDS =
            List.of("password", "secret", "jaas", "token", "credential", "user.info");

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final Map<String, String> values;
    private final Map<String, Source> sources;

    private KafkaSettings(Map<String, String> values, Map<String, Source> sources) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
        this.sources = Collections.unmodifiableMap(new TreeMap<>(sources));
    }

    /** No settings. */
    public static KafkaSettings empty() {
        return new KafkaSettings(Map.of(), Map.of());
    }

    /** The client settings named by {@code env}'s {@code KAFKA_*} variables (pass {@code System.getenv()}). */
    public static KafkaSettings fromEnv(Map<String, String> env) {
        return empty().withEnv(env);
    }

    /**
     * The settings from all three sources, with their precedence.
     *
     * @param env   the environment ({@code System.getenv()})
     * @param file  a properties file, if given
     * @param flags {@code key=value} strings, later ones over earlier ones
     * @throws IllegalArgumentException with a message for the user when the file cannot be read or a flag is not
     *                                  {@code key=value}
     */
    public static KafkaSettings resolve(Map<String, String> env, Optional<Path> file, List<String> flags) {
        KafkaSettings s = fromEnv(env);
        if (file.isPresent()) {
            s = s.withFile(file.get());
        }
        return s.withFlags(flags);
    }

    /** These settings with {@code env}'s {@code KAFKA_*} variables added over them. */
    public KafkaSettings withEnv(Map<String, String> env) {
        Map<String, String> found = new HashMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith(PREFIX)
                    && name.length() > PREFIX.length()
                    && !NOT_CLIENT.contains(name)
                    && !name.endsWith("_OPTS")
                    && value != null) {
                found.put(propertyName(name), value);
            }
        });
        return with(found, Source.ENV);
    }

    /** These settings with the properties of {@code file} added over them. */
    public KafkaSettings withFile(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("Kafka config file " + file + " does not exist");
        } catch (IOException | IllegalArgumentException e) {
            // the exception's message may quote the file's text, which may hold a password
            throw new IllegalArgumentException("Kafka config file " + file + " cannot be read as Java properties ("
                    + e.getClass().getSimpleName() + ")");
        }
        Map<String, String> found = new HashMap<>();
        p.stringPropertyNames()
                .forEach(k -> found.put(k.trim(), p.getProperty(k).trim()));
        return with(found, Source.FILE);
    }

    /** These settings with {@code key=value} flags added over them (a later flag over an earlier one). */
    public KafkaSettings withFlags(List<String> flags) {
        Map<String, String> found = new HashMap<>();
        for (int i = 0; i < flags.size(); i++) {
            String flag = flags.get(i);
            int eq = flag.indexOf('=');
            String key = eq <= 0 ? "" : flag.substring(0, eq).trim();
            if (!KEY.matcher(key).matches()) {
                // never echo the argument: it may be a secret typed with the wrong separator
                throw new IllegalArgumentException("--kafka-config expects KEY=VALUE (a client property, e.g. "
                        + "security.protocol=SASL_SSL); argument " + (i + 1) + " has no property name before '='");
            }
            found.put(key, flag.substring(eq + 1));
        }
        return with(found, Source.FLAG);
    }

    /** These settings with {@code key} set to {@code value} by {@code source}. */
    public KafkaSettings with(String key, String value, Source source) {
        return with(Map.of(key, value), source);
    }

    private KafkaSettings with(Map<String, String> more, Source source) {
        Map<String, String> v = new HashMap<>(values);
        Map<String, Source> s = new HashMap<>(sources);
        more.forEach((k, value) -> {
            Source before = s.get(k);
            if (before == null || before.compareTo(source) <= 0) {
                v.put(k, value);
                s.put(k, source);
            }
        });
        return new KafkaSettings(v, s);
    }

    /** {@code KAFKA_SASL_JAAS_CONFIG} → {@code sasl.jaas.config}. */
    static String propertyName(String variable) {
        return variable.substring(PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
    }

    /** True for a key whose value must never be shown. */
    public static boolean secret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return SECRET_WORDS.stream().anyMatch(k::contains) || k.endsWith(".key");
    }

    /** {@code bootstrap.servers}, if set. */
    public Optional<String> bootstrapServers() {
        return Optional.ofNullable(values.get("bootstrap.servers")).filter(s -> !s.isBlank());
    }

    /** Every setting, as client properties (a new, mutable map the caller may add its own defaults to). */
    public Map<String, Object> asMap() {
        return new HashMap<>(values);
    }

    /**
     * The settings a client of one kind accepts ({@code ProducerConfig.configNames()},
     * {@code ConsumerConfig.configNames()}…), so that none is logged as unknown; a new, mutable map.
     */
    public Map<String, Object> only(Set<String> configNames) {
        Map<String, Object> out = new HashMap<>();
        values.forEach((k, v) -> {
            if (configNames.contains(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** Where {@code key}'s value came from. */
    public Optional<Source> source(String key) {
        return Optional.ofNullable(sources.get(key));
    }

    /** The settings with every secret's value replaced by {@value #REDACTED}, sorted by key. */
    public Map<String, String> redacted() {
        Map<String, String> out = new TreeMap<>();
        values.forEach((k, v) -> out.put(k, secret(k) ? REDACTED : v));
        return Collections.unmodifiableMap(out);
    }

    /** One line per setting, {@code key=value (source)}, secrets redacted. */
    public String describe() {
        StringJoiner j = new StringJoiner("\n");
        redacted()
                .forEach((k, v) ->
                        j.add(k + "=" + v + " (" + sources.get(k).name().toLowerCase(Locale.ROOT) + ")"));
        return j.toString();
    }

    @Override
    public String toString() {
        return "KafkaSettings" + redacted();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KafkaSettings k && k.values.equals(values) && k.sources.equals(sources);
    }

    @Override
    public int hashCode() {
        return values.hashCode() * 31 + sources.hashCode();
    }
}
