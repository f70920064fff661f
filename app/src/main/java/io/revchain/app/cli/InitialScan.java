package io.revchain.app.cli;

import io.revchain.core.config.OrgConfig;
import io.revchain.ingest.service.CycleReport;
import io.revchain.ingest.service.IngestService;
import java.io.PrintWriter;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** The first poll of every repository: a progress bar on a terminal, one line per repository otherwise. */
final class InitialScan {
    private InitialScan() {}

    static CycleReport run(IngestService ingest, OrgConfig org, PrintWriter log) {
        if (System.console() == null) {
            CycleReport r = ingest.pollOnce(o -> {
                log.printf(
                        "revchain: scanned %s: %s, %d files, %d commits%s%n",
                        o.repo(),
                        o.status().name().toLowerCase(),
                        o.files(),
                        o.commits(),
                        o.detail() == null || o.detail().isBlank() ? "" : " (" + o.detail() + ")");
                log.flush();
            });
            log.printf(
                    "revchain: initial scan of %d repositories: %d files in %.1f s%n",
                    r.repos().size(), r.files(), r.took().toMillis() / 1000.0);
            log.flush();
            return r;
        }
        try (ProgressBar bar = new ProgressBarBuilder()
                .setTaskName("scanning")
                .setInitialMax(org.repositories().size())
                .setStyle(ProgressBarStyle.ASCII)
                .setUnit(" repos", 1)
                .build()) {
            return ingest.pollOnce(o -> {
                bar.setExtraMessage(o.repo());
                bar.step();
            });
        }
    }
}
