package io.revchain.event;

import io.revchain.core.config.RepositorySpec;
import io.revchain.core.model.Check;
import io.revchain.core.model.Docstring;
import io.revchain.core.model.Field;
import io.revchain.core.model.FieldState;
import io.revchain.core.model.Finding;
import io.revchain.core.model.FixAction;
import io.revchain.core.model.MigrationScript;
import io.revchain.core.model.Policy;
import io.revchain.core.model.Risk;
import io.revchain.core.model.Severity;
import io.revchain.core.model.Strategy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;

/** One fully populated value of every event type, shared by the round-trip and golden tests. */
final class EventFixtures {
    private EventFixtures() {}

    static final Instant COMMITTED = Instant.parse("2026-03-01T11:59:00Z");
    static final Instant SCANNED = Instant.parse("2026-03-01T12:00:00.250Z");
    static final Instant PUBLISHED = Instant.parse("2026-03-01T12:00:00.300Z");
    static final Instant ANALYZED = Instant.parse("2026-03-01T12:00:00.302123456Z");
    static final String COMMIT = "3f2a9c0d1e4b5a6978877665544332211000aaff";

    static final Finding NON_LITERAL = new Finding(
            Check.NON_LITERAL_VALUE.wire(),
            Severity.ERROR,
            "004b",
            "migrations/versions/004_add_audit.py",
            12,
            "down_revision = PREV is not a literal",
            "alembic evaluates the name at import time",
            List.of("004b"));

    static MigrationScript script() {
        Field revision =
                new Field("revision", FieldState.LITERAL, List.of("004b"), 10, 140, 146, "'004b'", false, false);
        Field down = new Field("down_revision", FieldState.NON_LITERAL, List.of(), 11, 163, 167, "PREV", false, false);
        Field labels = new Field("branch_labels", FieldState.LITERAL, List.of(), 12, 184, 188, "None", true, false);
        Field depends = Field.absent("depends_on");
        Docstring doc =
                new Docstring("add audit table", "004b", 3, "003a", 4, "2026-02-28 10:00:00.000000", 5, 1, 0, 120);
        return new MigrationScript(
                "migrations/versions/004_add_audit.py",
                revision,
                down,
                labels,
                depends,
                doc,
                true,
                List.of(NON_LITERAL));
    }

    static FileChanged fileChanged() {
        return new FileChanged(
                "acgs2-core",
                "main",
                COMMIT,
                "migrations/versions/004_add_audit.py",
                ChangeKind.RENAMED,
                "migrations/versions/004_audit.py",
                "9daeafb9864cf43055ae93beb0afd6c7d144bfa4",
                script(),
                COMMITTED,
                PUBLISHED);
    }

    /** A file of a named chain (an ini section other than [alembic]). */
    static FileChanged fileChangedInChain() {
        return new FileChanged(
                "acgs2-core",
                "main",
                COMMIT,
                "app/db/tenant/versions/004_add_audit.py",
                ChangeKind.ADDED,
                null,
                "9daeafb9864cf43055ae93beb0afd6c7d144bfa4",
                script(),
                COMMITTED,
                PUBLISHED,
                "tenant");
    }

    static FileChanged deleted() {
        return new FileChanged(
                "acgs2-core",
                "main",
                COMMIT,
                "migrations/versions/002_old.py",
                ChangeKind.DELETED,
                null,
                null,
                null,
                COMMITTED,
                PUBLISHED);
    }

    static CommitScanned commitScanned() {
        return new CommitScanned("acgs2-core", "main", COMMIT, 2, true, SCANNED, PUBLISHED);
    }

    /** A marker naming the commit's chains, with their file templates and Alembic releases. */
    static CommitScanned commitScannedWithChains() {
        return new CommitScanned("acgs2-core", "main", COMMIT, 2, false, SCANNED, PUBLISHED)
                .withChains(List.of(
                        new ChainSpec("core", null, "1.13.2"),
                        new ChainSpec("tenant", "%%(year)d%%(month).2d%%(day).2d_%%(rev)s_%%(slug)s", "1.19.1")));
    }

    static RepoUnavailable repoUnavailable() {
        return new RepoUnavailable(
                "acgs2-core", "https://git.example.org/acgs2/core.git", "connection refused", 3, SCANNED);
    }

    static HealthReport healthReport() {
        Finding heads = new Finding(
                Check.MULTIPLE_HEADS.wire(),
                Severity.WARNING,
                null,
                null,
                0,
                "2 heads: 005a, 006b",
                "alembic upgrade head fails: multiple heads",
                List.of("005a", "006b"));
        return new HealthReport(
                "acgs2-core",
                "main",
                COMMIT,
                19,
                List.of("005a", "006b"),
                List.of("001"),
                List.of(NON_LITERAL, heads),
                HealthStatus.UNHEALTHY,
                SCANNED,
                PUBLISHED,
                ANALYZED);
    }

    /** Two chains with one head each: two heads in all, and no multiple-heads. */
    static HealthReport healthReportWithChains() {
        return new HealthReport(
                        "acgs2-core",
                        "main",
                        COMMIT,
                        5,
                        List.of("003c", "t002"),
                        List.of("001", "t001"),
                        List.of(NON_LITERAL),
                        HealthStatus.UNHEALTHY,
                        SCANNED,
                        PUBLISHED,
                        ANALYZED)
                .withChains(List.of(
                        new ChainHealth("core", 3, List.of("003c"), List.of("001"), HealthStatus.HEALTHY, 0, 0, 0),
                        new ChainHealth(
                                "tenant", 2, List.of("t002"), List.of("t001"), HealthStatus.UNHEALTHY, 1, 0, 0)));
    }

    static HealthReport mergePreviewReport() {
        Finding two = new Finding(
                Check.MULTIPLE_HEADS_AFTER_MERGE.wire(),
                Severity.ERROR,
                "c3000",
                "migrations/versions/c3000_add.py",
                6,
                "merging feature/x into main leaves 2 heads",
                "alembic upgrade head fails",
                List.of("c3000", "t4000"));
        return new HealthReport(
                        "acgs2-core",
                        "feature/x",
                        COMMIT,
                        4,
                        List.of("c3000", "t4000"),
                        List.of("a1000"),
                        List.of(two),
                        HealthStatus.UNHEALTHY,
                        SCANNED,
                        PUBLISHED,
                        ANALYZED)
                .asMergePreview("main", COMMIT, "0123456789abcdef0123456789abcdef01234567");
    }

    static CommitScanned candidateScanned() {
        return new CommitScanned("acgs2-core", "feature/x", COMMIT, 1, false, SCANNED, PUBLISHED)
                .asCandidate(
                        "main",
                        "fedcba9876543210fedcba9876543210fedcba98",
                        Map.of("migrations/versions/a1000_init.py", "1111111111111111111111111111111111111111"));
    }

    static FixProposal fixProposal() {
        return new FixProposal(
                "acgs2-core",
                "main",
                COMMIT,
                "merge",
                List.of(
                        new FixAction(
                                "add-merge-revision",
                                "migrations/versions/007_merge.py",
                                "007m",
                                "multiple-heads: 005a, 006b",
                                Risk.LOW),
                        new FixAction(
                                "set-down-revision",
                                "migrations/versions/004_add_audit.py",
                                "004b",
                                "missing-down-revision: 003x does not exist",
                                Risk.MEDIUM)),
                "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n",
                Risk.MEDIUM,
                true,
                "revchain/fix-main-3f2a9c0");
    }

    static ComplianceSnapshot complianceSnapshot() {
        return new ComplianceSnapshot(
                ANALYZED,
                12,
                0.75,
                Map.of("multiple-heads", 3L, "cycle", 1L),
                3.2,
                250.5,
                0.9,
                1.0,
                List.of(
                        ComplianceTarget.of("p99-latency-ms", 3.2, Comparison.LESS, 5),
                        ComplianceTarget.of("cache-hit-rate", 0.9, Comparison.GREATER, 0.85)));
    }

    /** A snapshot with verdicts, samples and windows (the "target semantics" fields). */
    static ComplianceSnapshot complianceSnapshotWithVerdicts() {
        return new ComplianceSnapshot(
                EventSchema.CURRENT,
                ANALYZED,
                3,
                1.0,
                Map.of(),
                12.5,
                Double.NaN,
                0.9,
                1.0,
                List.of(
                        ComplianceTarget.judged(
                                "p99-verification-ms",
                                1.25,
                                Comparison.LESS,
                                5,
                                TargetVerdict.PASS,
                                240,
                                100,
                                60,
                                "240 reports; initial scan: 41 files in 2.0 s (3 reports, excluded)"),
                        ComplianceTarget.judged(
                                "throughput-per-sec",
                                Double.NaN,
                                Comparison.GREATER,
                                100,
                                TargetVerdict.IDLE,
                                0,
                                100,
                                60,
                                "idle (last busy: 140/s); arrivals 0.0/s"),
                        ComplianceTarget.judged(
                                "cache-hit-rate",
                                0.9,
                                Comparison.GREATER,
                                0.85,
                                TargetVerdict.NOT_ENOUGH_DATA,
                                40,
                                100,
                                60,
                                "not enough data: 40 of the 100 re-scan lookups needed (36 hits); cold lookups apart: 41")),
                1.25,
                0.0,
                41L,
                new ComplianceSnapshot.InitialScan(3, 41, 2.0),
                Map.of("acgs2-core", 1.0));
    }

    static DeadLetter deadLetter() {
        return DeadLetter.of(
                "revchain.migration-events",
                2,
                41L,
                "acgs2-core".getBytes(),
                "{\"schema\":9}".getBytes(),
                "unknown-schema: MigrationEvent: schema version 9 is not supported",
                ANALYZED);
    }

    static IngestState ingestState() {
        return new IngestState("acgs2-core", "main", COMMIT, PUBLISHED);
    }

    static RepositoryRecord repository() {
        return RepositoryRecord.of(
                RepositorySpec.of("acgs2-core", "https://git.example.org/acgs2/core.git")
                        .withCredentials("GIT_TOKEN_CORE")
                        .withBranches(List.of("main", "release"))
                        .withPaths(List.of("services/api/alembic.ini"))
                        .withStrategy(Strategy.MERGE)
                        .withPolicy(Policy.Kind.ACGS2)
                        .withCandidates(List.of("feature/*"), "main"),
                "WEBHOOK_SECRET_CORE");
    }

    static PushTrigger pushTrigger() {
        return new PushTrigger(
                "acgs2-core", "main", COMMIT, "github", "72d3162e-cc78-11e3-81ab-4c9367dc0958", PUBLISHED);
    }

    static DeploymentObserved deploymentPolled() {
        return DeploymentObserved.read(
                "acgs2-core",
                "prod",
                "core",
                List.of("ae1027a6acf1", "27c6a30d7c24"),
                DeploymentObserved.POLL,
                PUBLISHED);
    }

    static DeploymentObserved deploymentUnreadable() {
        return DeploymentObserved.failed(
                "acgs2-core",
                "staging",
                null,
                "access-denied",
                "FATAL: password authentication failed for user \"revchain\"",
                PUBLISHED);
    }

    /** Every fixture with the serde of its topic and the golden file name. */
    static List<Case<?>> cases() {
        return List.of(
                new Case<>("file-changed", Topics.MIGRATION_EVENTS.valueSerde(), fileChanged()),
                new Case<>("file-deleted", Topics.MIGRATION_EVENTS.valueSerde(), deleted()),
                new Case<>("commit-scanned", Topics.MIGRATION_EVENTS.valueSerde(), commitScanned()),
                new Case<>("repo-unavailable", Topics.MIGRATION_EVENTS.valueSerde(), repoUnavailable()),
                new Case<>("health-report", Topics.HEALTH.valueSerde(), healthReport()),
                new Case<>("health-report-merge-preview", Topics.HEALTH.valueSerde(), mergePreviewReport()),
                new Case<>("commit-scanned-candidate", Topics.MIGRATION_EVENTS.valueSerde(), candidateScanned()),
                new Case<>("fix-proposal", Topics.FIX_PROPOSALS.valueSerde(), fixProposal()),
                new Case<>("compliance-snapshot", Topics.COMPLIANCE.valueSerde(), complianceSnapshot()),
                new Case<>(
                        "compliance-snapshot-verdicts",
                        Topics.COMPLIANCE.valueSerde(),
                        complianceSnapshotWithVerdicts()),
                new Case<>("dead-letter", Topics.DEAD_LETTERS.valueSerde(), deadLetter()),
                new Case<>("ingest-state", Topics.INGEST_STATE.valueSerde(), ingestState()),
                new Case<>("repository", Topics.REPOSITORIES.valueSerde(), repository()),
                new Case<>("push-trigger", Topics.INGEST_TRIGGERS.valueSerde(), pushTrigger()),
                new Case<>("deployment-observed", Topics.DEPLOYMENTS.valueSerde(), deploymentPolled()),
                new Case<>("deployment-unreadable", Topics.DEPLOYMENTS.valueSerde(), deploymentUnreadable()),
                new Case<>("file-changed-chain", Topics.MIGRATION_EVENTS.valueSerde(), fileChangedInChain()),
                new Case<>("commit-scanned-chains", Topics.MIGRATION_EVENTS.valueSerde(), commitScannedWithChains()),
                new Case<>("health-report-chains", Topics.HEALTH.valueSerde(), healthReportWithChains()));
    }

    record Case<T>(String name, Serde<T> serde, T value) {
        @SuppressWarnings("unchecked")
        byte[] write() {
            return serde.serializer().serialize("t", value);
        }

        Object read(byte[] bytes) {
            return serde.deserializer().deserialize("t", bytes);
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
