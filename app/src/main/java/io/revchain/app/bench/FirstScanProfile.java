package io.revchain.app.bench;

import io.revchain.core.config.RepositorySpec;
import io.revchain.core.model.MigrationScript;
import io.revchain.core.parse.MigrationParser;
import io.revchain.event.FileChanged;
import io.revchain.event.MigrationEvent;
import io.revchain.event.Topics;
import io.revchain.git.GitMirror;
import io.revchain.git.RepoScanner;
import io.revchain.git.ScriptCache;
import io.revchain.git.layout.FileDelta;
import io.revchain.git.layout.Layout;
import io.revchain.ingest.plan.EventBuilder;
import io.revchain.ingest.service.IngestSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * Where a first scan's time goes, phase by phase, on one thread: mirror (clone from the local bare remote, full and
 * shallow), open and walk (head commit, layout, tree listing), blob reads, parse, event build, serialization, and
 * produce (acknowledged), each over every file of the organisation; then the floor measured on the same broker in
 * the same run: the same number of records of the same mean size produced and read back by one consumer, nothing
 * else done. Then the analyzer's drain of the same events, cold and warm, beside its own floors ({@link DrainProfile}).
 */
public final class FirstScanProfile {

    /** The phases in seconds, the files they covered, and the floor. */
    public record Result(
            int repos,
            int files,
            double mirrorFull,
            double mirrorShallow,
            double mirrorInPlace,
            double walk,
            double read,
            double parse,
            double build,
            double serialize,
            double produceUnbatched,
            double produceBatched,
            long bytes,
            double floor,
            DrainProfile.Result drain) {

        public String table() {
            double sum = mirrorInPlace + walk + read + parse + build + serialize + produceBatched;
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(
                    Locale.ROOT,
                    "First scan by phase, one thread: %,d repositories, %,d files, %,d bytes of events "
                            + "(mean %,d B)%n%n",
                    repos,
                    files,
                    bytes,
                    files == 0 ? 0 : bytes / files));
            sb.append("| phase | seconds | files/s | ÷ floor (time) |\n|---|---:|---:|---:|\n");
            row(sb, "mirror: clone from the local bare remote, full history", mirrorFull);
            row(sb, "mirror: clone, depth 1 (head only)", mirrorShallow);
            row(sb, "mirror: a local repository opened in place (no copy)", mirrorInPlace);
            row(sb, "open + walk: head commit, layout, tree listing", walk);
            row(sb, "blob read", read);
            row(sb, "parse", parse);
            row(sb, "event build", build);
            row(sb, "serialization (JSON)", serialize);
            row(sb, "produce, linger 0, a flush per repository (ingest's settings before)", produceUnbatched);
            row(sb, "produce, linger 20 ms, 1 MiB batches, lz4, one flush", produceBatched);
            row(sb, "sum (in place, batched produce)", sum);
            row(sb, "floor: the same records (count, mean size) produced and read back, nothing else", floor);
            if (drain != null) {
                sb.append(drain.table());
            }
            return sb.toString();
        }

        private void row(StringBuilder sb, String name, double s) {
            sb.append(String.format(
                    Locale.ROOT, "| %s | %.2f | %,.0f | %.1f |%n", name, s, files / Math.max(s, 1e-9), s / floor));
        }
    }

    private FirstScanProfile() {}

    public static Result run(List<FleetOrg.Repo> repos, Map<String, Object> kafka, Path work, PrintWriter log)
            throws Exception {
        ExecutorService remote = Executors.newCachedThreadPool();
        try {
            IngestSettings settings = IngestSettings.defaults().withEnv(Map.of());
            Duration timeout = settings.remoteTimeout();
            long t = System.nanoTime();
            for (FleetOrg.Repo r : repos) {
                GitMirror.sync(spec(r), work.resolve("full"), timeout, Map.of(), remote, GitMirror.Options.CLONE)
                        .close();
            }
            double mirrorFull = secs(t);
            log.printf("profile: full mirrors %.2f s%n", mirrorFull);
            log.flush();
            List<GitMirror> mirrors = new ArrayList<>();
            t = System.nanoTime();
            for (FleetOrg.Repo r : repos) {
                GitMirror.sync(
                                spec(r),
                                work.resolve("shallow"),
                                timeout,
                                Map.of(),
                                remote,
                                new GitMirror.Options(true, false))
                        .close();
            }
            double mirrorShallow = secs(t);
            log.printf("profile: shallow mirrors %.2f s%n", mirrorShallow);
            log.flush();
            t = System.nanoTime();
            for (FleetOrg.Repo r : repos) {
                mirrors.add(GitMirror.sync(
                        spec(r),
                        work.resolve("inplace"),
                        timeout,
                        Map.of(),
                        remote,
                        new GitMirror.Options(true, true)));
            }
            double mirrorInPlace = secs(t);

            // open + walk
            List<RepoScanner> scanners = new ArrayList<>();
            List<RevCommit> heads = new ArrayList<>();
            List<Layout> layouts = new ArrayList<>();
            List<List<FileDelta>> deltas = new ArrayList<>();
            t = System.nanoTime();
            for (GitMirror m : mirrors) {
                RepoScanner s = new RepoScanner(m.repository());
                RevCommit head = s.commit(m.head("main").orElseThrow());
                Layout layout = s.layout(head, List.of()).layout();
                scanners.add(s);
                heads.add(head);
                layouts.add(layout);
                deltas.add(s.fullScan(head, layout));
            }
            double walk = secs(t);
            int files = deltas.stream().mapToInt(List::size).sum();

            List<byte[]> blobs = new ArrayList<>(files);
            t = System.nanoTime();
            for (int i = 0; i < scanners.size(); i++) {
                for (FileDelta d : deltas.get(i)) {
                    blobs.add(scanners.get(i).read(d.blob(), ScriptCache.MAX_BYTES));
                }
            }
            double read = secs(t);

            MigrationParser parser = new MigrationParser(null);
            List<MigrationScript> scripts = new ArrayList<>(files);
            t = System.nanoTime();
            int k = 0;
            for (List<FileDelta> ds : deltas) {
                for (FileDelta d : ds) {
                    scripts.add(parser.parse(d.path(), blobs.get(k++)));
                }
            }
            double parse = secs(t);

            List<FileChanged> events = new ArrayList<>(files);
            List<MigrationEvent> markers = new ArrayList<>(scanners.size());
            t = System.nanoTime();
            k = 0;
            for (int i = 0; i < scanners.size(); i++) {
                EventBuilder b = new EventBuilder(repos.get(i).id(), "main");
                Instant at = Instant.ofEpochSecond(heads.get(i).getCommitTime());
                for (FileDelta d : deltas.get(i)) {
                    events.add(b.fileChanged(heads.get(i).name(), at, d, scripts.get(k++), layouts.get(i), at));
                }
                markers.add(b.marker(heads.get(i).name(), deltas.get(i).size(), true, layouts.get(i), at, at));
            }
            double build = secs(t);

            Serializer<MigrationEvent> ser =
                    Topics.MIGRATION_EVENTS.valueSerde().serializer();
            List<byte[]> payloads = new ArrayList<>(files);
            long bytes = 0;
            t = System.nanoTime();
            for (FileChanged e : events) {
                byte[] p = ser.serialize(Topics.MIGRATION_EVENTS.name(), e);
                payloads.add(p);
                bytes += p.length;
            }
            double serialize = secs(t);
            scanners.forEach(RepoScanner::close);
            mirrors.forEach(GitMirror::close);

            int[] perRepo = deltas.stream().mapToInt(List::size).toArray();
            String topicA = topic(kafka, "profile-a");
            double unbatched = produce(kafka, topicA, repos, perRepo, payloads, Map.of(), true);
            String topicB = topic(kafka, "profile-b");
            double batched = produce(kafka, topicB, repos, perRepo, payloads, batchedSettings(), false);
            log.printf("profile: produce %.2f s unbatched, %.2f s batched%n", unbatched, batched);
            log.flush();

            // the floor: the same count of records of the mean size, produced and read back; nothing else
            String topicF = topic(kafka, "profile-floor");
            byte[] same = new byte[(int) (bytes / Math.max(1, files))];
            java.util.Arrays.fill(same, (byte) 'x');
            List<byte[]> flat = java.util.Collections.nCopies(files, same);
            t = System.nanoTime();
            produce(kafka, topicF, repos, perRepo, flat, batchedSettings(), false);
            readBack(kafka, topicF, files);
            double floor = secs(t);

            // the analyzer's drain of these events (each repository's marker after its files), against its floors
            List<List<byte[]>> perRepoEvents = new ArrayList<>(repos.size());
            k = 0;
            for (int i = 0; i < repos.size(); i++) {
                List<byte[]> own = new ArrayList<>(payloads.subList(k, k + perRepo[i]));
                own.add(ser.serialize(Topics.MIGRATION_EVENTS.name(), markers.get(i)));
                k += perRepo[i];
                perRepoEvents.add(own);
            }
            log.printf("profile: the analyzer's drain, cold and warm, beside its floors…%n");
            log.flush();
            DrainProfile.Result drain = DrainProfile.run(
                    repos.stream().map(FleetOrg.Repo::id).toList(), perRepoEvents, files, work.resolve("drain"));
            return new Result(
                    repos.size(),
                    files,
                    mirrorFull,
                    mirrorShallow,
                    mirrorInPlace,
                    walk,
                    read,
                    parse,
                    build,
                    serialize,
                    unbatched,
                    batched,
                    bytes,
                    floor,
                    drain);
        } finally {
            remote.shutdownNow();
        }
    }

    /**
     * The floor of a first scan on this broker: {@code records} records of {@code size} bytes, keyed over
     * {@code keys} keys, produced (acknowledged, batched as ingest batches) and read back by one consumer; seconds.
     */
    public static double floor(Map<String, Object> kafka, int records, int size, List<FleetOrg.Repo> keys)
            throws Exception {
        String topic = topic(kafka, "floor");
        byte[] same = new byte[size];
        java.util.Arrays.fill(same, (byte) 'x');
        int[] perRepo = new int[keys.size()];
        for (int i = 0; i < records; i++) {
            perRepo[i % keys.size()]++;
        }
        long t = System.nanoTime();
        produce(kafka, topic, keys, perRepo, java.util.Collections.nCopies(records, same), batchedSettings(), false);
        readBack(kafka, topic, records);
        return secs(t);
    }

    /** The producer settings ingest now uses for its events (see {@code IngestService}). */
    static Map<String, Object> batchedSettings() {
        return Map.of(
                ProducerConfig.LINGER_MS_CONFIG,
                20,
                ProducerConfig.BATCH_SIZE_CONFIG,
                1 << 20,
                ProducerConfig.COMPRESSION_TYPE_CONFIG,
                "lz4");
    }

    private static RepositorySpec spec(FleetOrg.Repo r) {
        return RepositorySpec.of(r.id(), r.remote().toString()).withBranches(List.of("main"));
    }

    static double produce(
            Map<String, Object> kafka,
            String topic,
            List<FleetOrg.Repo> repos,
            int[] perRepo,
            List<byte[]> payloads,
            Map<String, Object> extra,
            boolean flushPerRepo) {
        Map<String, Object> p = new HashMap<>(kafka);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.putAll(extra);
        long t;
        try (KafkaProducer<String, byte[]> prod =
                new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            // a first send outside the timing: metadata and connections
            prod.send(new ProducerRecord<>(topic, "warm", new byte[1])).get();
            t = System.nanoTime();
            int k = 0;
            for (int i = 0; i < perRepo.length; i++) {
                String key = repos.get(i).id();
                for (int j = 0; j < perRepo[i]; j++) {
                    prod.send(new ProducerRecord<>(topic, key, payloads.get(k++)));
                }
                if (flushPerRepo) {
                    prod.flush();
                }
            }
            prod.flush();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return secs(t);
    }

    static void readBack(Map<String, Object> kafka, String topic, int want) {
        Map<String, Object> c = new HashMap<>(kafka);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            // assigned, not subscribed: a group's join delay is no part of reading records back
            List<org.apache.kafka.common.TopicPartition> parts = consumer.partitionsFor(topic).stream()
                    .map(i -> new org.apache.kafka.common.TopicPartition(topic, i.partition()))
                    .toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            int got = 0;
            // the warm-up record is one more
            while (got < want + 1) {
                got += consumer.poll(Duration.ofMillis(100)).count();
            }
        }
    }

    static String topic(Map<String, Object> kafka, String prefix) throws Exception {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin a = Admin.create(Map.of("bootstrap.servers", kafka.get("bootstrap.servers")))) {
            a.createTopics(List.of(new NewTopic(name, Topics.DEFAULT_PARTITIONS, (short) -1)))
                    .all()
                    .get();
        }
        return name;
    }

    private static double secs(long t) {
        return (System.nanoTime() - t) / 1e9;
    }
}
