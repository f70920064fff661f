package io.revchain.app.cli;

import io.revchain.core.config.OrgConfig;
import io.revchain.core.config.RepositorySpec;
import io.revchain.ingest.service.CycleReport;
import io.revchain.ingest.service.IngestService;
import java.io.PrintWriter;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The first poll of each repository, one line per repository as ingest polls it (an ingest instance of a fleet
 * polls what it was assigned, as it becomes due), then one line once every repository of the configuration was
 * polled here.
 */
final class InitialScan {
    private InitialScan() {}

    static void follow(IngestService ingest, OrgConfig org, PrintWriter log) {
        Set<String> waiting = ConcurrentHashMap.newKeySet();
        waiting.addAll(org.repositories().stream().map(RepositorySpec::id).collect(Collectors.toSet()));
        AtomicInteger files = new AtomicInteger();
        long start = System.nanoTime();
        ingest.onPoll(new IngestService.PollListener() {
            @Override
            public void finished(CycleReport.RepoOutcome o) {
                if (!waiting.remove(o.repo())) {
                    return;
                }
                files.addAndGet(o.files());
                synchronized (log) {
                    log.printf(
                            "revchain: scanned %s: %s, %d files, %d commits%s%n",
                            o.repo(),
                            o.status().name().toLowerCase(),
                            o.files(),
                            o.commits(),
                            o.detail() == null || o.detail().isBlank() ? "" : " (" + o.detail() + ")");
                    if (waiting.isEmpty()) {
                        log.printf(
                                "revchain: initial scan of %d repositories: %d files in %.1f s%n",
                                org.repositories().size(), files.get(), (System.nanoTime() - start) / 1e9);
                    }
                    log.flush();
                }
            }
        });
    }
}
