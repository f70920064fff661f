package io.revchain.ingest.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.core.model.Check;
import io.revchain.core.model.Finding;
import io.revchain.core.tree.MemoryTree;
import io.revchain.event.ChainSpec;
import io.revchain.event.ChangeKind;
import io.revchain.git.layout.FileDelta;
import io.revchain.git.layout.Layout;
import io.revchain.git.layout.LayoutResolver;
import io.revchain.git.layout.TreeChange;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanTest {

    private static final Layout LAYOUT = Layout.of(List.of("db/versions"), Layout.Source.RESOLVED);

    @Test
    void onlyMigrationNamesDirectlyInAVersionFolderCount() {
        assertThat(LAYOUT.isMigration("db/versions/001_a.py")).isTrue();
        assertThat(LAYOUT.isMigration("db/versions/__init__.py")).isFalse();
        assertThat(LAYOUT.isMigration("db/versions/.#001_a.py")).isFalse();
        assertThat(LAYOUT.isMigration("db/versions/notes.txt")).isFalse();
        assertThat(LAYOUT.isMigration("db/versions/old/001_a.py")).isFalse();
        assertThat(LAYOUT.isMigration("db/001_a.py")).isFalse();
        assertThat(Layout.of(List.of(""), Layout.Source.RESOLVED).isMigration("001_a.py"))
                .isTrue();
    }

    @Test
    void renamesAcrossTheVersionFolderBoundaryAreAdditionsOrDeletions() {
        List<FileDelta> d = ChangeClassifier.classify(
                List.of(
                        TreeChange.rename("db/versions/002_b.py", "db/versions/002_bb.py", "b2"),
                        TreeChange.rename("tmp/003_c.py", "db/versions/003_c.py", "c"),
                        TreeChange.rename("db/versions/004_d.py", "attic/004_d.py", "d"),
                        TreeChange.add("README.md", "r"),
                        TreeChange.modify("db/versions/001_a.py", "a2"),
                        TreeChange.delete("db/versions/005_e.py"),
                        new TreeChange(
                                TreeChange.Kind.MODIFY,
                                "db/versions/006_f.py",
                                "db/versions/006_f.py",
                                "f",
                                true,
                                false),
                        new TreeChange(
                                TreeChange.Kind.COPY,
                                "db/versions/001_a.py",
                                "db/versions/007_g.py",
                                "a2",
                                true,
                                true)),
                LAYOUT);
        assertThat(d)
                .containsExactly(
                        FileDelta.modified("db/versions/001_a.py", "a2"),
                        FileDelta.renamed("db/versions/002_b.py", "db/versions/002_bb.py", "b2"),
                        FileDelta.added("db/versions/003_c.py", "c"),
                        FileDelta.deleted("db/versions/004_d.py"),
                        FileDelta.deleted("db/versions/005_e.py"),
                        FileDelta.deleted("db/versions/006_f.py"),
                        FileDelta.added("db/versions/007_g.py", "a2"));
        assertThat(d.get(1).change()).isEqualTo(ChangeKind.RENAMED);
    }

    @Test
    void theLayoutIsReadAgainOnlyWhenAConfigurationFileChanges() {
        assertThat(LAYOUT.mayChange(List.of("db/versions/009_x.py", "README.md")))
                .isFalse();
        assertThat(LAYOUT.mayChange(List.of("alembic.ini"))).isTrue();
        assertThat(LAYOUT.mayChange(List.of("svc/alembic.ini"))).isTrue();
        assertThat(LAYOUT.mayChange(List.of("development.ini"))).isTrue();
        assertThat(LAYOUT.mayChange(List.of("db/env.py"))).isTrue();
        assertThat(LAYOUT.mayChange(List.of("pyproject.toml"))).isTrue();
        assertThat(LAYOUT.mayChange(List.of("requirements.txt"))).isTrue();
        assertThat(LAYOUT.mayChange(List.of("requirements/prod.txt"))).isTrue();
        assertThat(LAYOUT.mayChange(List.of("poetry.lock"))).isTrue();
        assertThat(LAYOUT.mayChange(List.of(".revchain.yaml"))).isTrue();
        // a new sub-folder of a version location may join the chain or be a chain of its own
        assertThat(LAYOUT.mayChange(List.of("db/versions/postgresql/001_pg.py")))
                .isTrue();
        // a versions folder no chain loads may be a chain found by probing
        assertThat(LAYOUT.mayChange(List.of("app/versions/001.py"))).isTrue();
        assertThat(LAYOUT.mayChange(List.of("app/models.py"))).isFalse();
        Layout explicit = Layout.of(List.of("db"), Layout.Source.EXPLICIT);
        assertThat(explicit.mayChange(List.of("alembic.ini"))).isFalse();
        assertThat(explicit.mayChange(List.of("db/sub/001.py"))).isFalse();
        // the folders never move, but the release they are graded by may
        assertThat(explicit.mayChange(List.of("requirements.txt"))).isTrue();
    }

    @Test
    void aFileBelongsToTheFirstChainThatLoadsItAndAMoveBetweenChainsIsNotTheSameLayout() {
        Layout two = new Layout(
                List.of(
                        new Layout.Chain("core", List.of("db/core", "db/shared"), List.of("db/core"), null, null),
                        new Layout.Chain(
                                "tenant", List.of("db/tenant", "db/shared"), List.of("db/tenant"), "%%(rev)s", null)),
                Layout.Source.RESOLVED);
        assertThat(two.chainOf("db/core/001_a.py")).isEqualTo("core");
        assertThat(two.chainOf("db/tenant/001_t.py")).isEqualTo("tenant");
        assertThat(two.chainOf("db/shared/001_s.py")).isEqualTo("core");
        assertThat(two.chainOf("db/tenant/__init__.py")).isNull();
        assertThat(two.chainOf("db/other/001.py")).isNull();
        assertThat(two.folders()).containsExactly("db/core", "db/shared", "db/tenant");
        assertThat(two.specs()).extracting(ChainSpec::name).containsExactly("core", "tenant");
        Layout renamed = new Layout(
                List.of(
                        new Layout.Chain(
                                "core", List.of("db/core", "db/shared"), List.of("db/core"), "%%(slug)s", null),
                        new Layout.Chain(
                                "tenants", List.of("db/tenant", "db/shared"), List.of("db/tenant"), null, null)),
                Layout.Source.RESOLVED);
        assertThat(two.sameFiles(two)).isTrue();
        assertThat(two.sameFiles(renamed)).isFalse();
        assertThat(Layout.of(List.of("a"), Layout.Source.RESOLVED)
                        .sameFiles(new Layout(
                                List.of(new Layout.Chain(
                                        "alembic", List.of("a"), List.of("a"), "%%(year)d_%%(rev)s", null)),
                                Layout.Source.RESOLVED)))
                .isTrue();
    }

    @Test
    void thePlannerScansInFullOnFirstSightAfterARewriteAndAfterTooManyCommits() {
        assertThat(ScanPlanner.decide(null, "h", false, 0, 10)).isEqualTo(ScanPlanner.Mode.FIRST_SCAN);
        assertThat(ScanPlanner.decide("h", "h", true, 0, 10)).isEqualTo(ScanPlanner.Mode.UP_TO_DATE);
        assertThat(ScanPlanner.decide("a", "h", false, 0, 10)).isEqualTo(ScanPlanner.Mode.FULL_AFTER_REWRITE);
        assertThat(ScanPlanner.decide("a", "h", true, 11, 10)).isEqualTo(ScanPlanner.Mode.FULL_TOO_MANY);
        assertThat(ScanPlanner.decide("a", "h", true, 10, 10)).isEqualTo(ScanPlanner.Mode.DELTA);
        assertThat(ScanPlanner.Mode.DELTA.full()).isFalse();
        assertThat(ScanPlanner.Mode.FULL_AFTER_REWRITE.full()).isTrue();
    }

    @Test
    void backoffDoublesUpToItsCap() {
        Backoff b = new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(30));
        assertThat(List.of(b.delay(0), b.delay(1), b.delay(2), b.delay(3), b.delay(4), b.delay(99)))
                .containsExactly(
                        Duration.ZERO,
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(20),
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(30));
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(b.nextAttempt(t, 2)).isEqualTo(t.plusSeconds(10));
    }

    @Test
    void unavailableEventsNeverCarryCredentials() {
        assertThat(EventBuilder.redact("https://bot:s3cret@git.example.org/a/b.git"))
                .isEqualTo("https://git.example.org/a/b.git");
        assertThat(EventBuilder.redact("https://token@git.example.org:8443/a.git"))
                .isEqualTo("https://git.example.org:8443/a.git");
        assertThat(EventBuilder.redact("git@github.com:org/repo.git")).isEqualTo("git@github.com:org/repo.git");
        assertThat(EventBuilder.redact("/srv/git/a")).isEqualTo("/srv/git/a");
        assertThat(EventBuilder.unavailable("r", "https://u:p@h/x", "down", 1, Instant.EPOCH)
                        .url())
                .isEqualTo("https://h/x");
    }

    @Test
    void theLayoutComesFromConfiguredPathsOrFromChainResolver() {
        MemoryTree tree = MemoryTree.ofTexts(Map.of(
                "alembic.ini", "[alembic]\nscript_location = db\n",
                "svc/alembic.ini",
                        "[alembic]\nscript_location = %(here)s/mig\n"
                                + "version_locations = %(here)s/a %(here)s/../../outside\n",
                "db/versions/001_a.py", MIGRATION,
                "svc/a/001_b.py", MIGRATION,
                "legacy/versions/001_c.py", MIGRATION,
                "manual/001_d.py", MIGRATION));
        // two alembic.ini files each configure a chain named alembic: each keeps its own, named by its file
        LayoutResolver.Resolved inis = LayoutResolver.resolve(List.of(), tree);
        assertThat(inis.layout().chains())
                .extracting(Layout.Chain::name)
                .containsExactly("alembic (alembic.ini)", "alembic (svc/alembic.ini)");
        assertThat(inis.layout().folders()).containsExactly("db/versions", "svc/a");
        assertThat(inis.layout().source()).isEqualTo(Layout.Source.RESOLVED);
        assertThat(inis.findings()).extracting(Finding::check).contains(Check.UNSAFE_PATH.wire());

        Layout explicit = LayoutResolver.resolve(List.of("manual/", "./db/versions"), tree)
                .layout();
        assertThat(explicit.source()).isEqualTo(Layout.Source.EXPLICIT);
        assertThat(explicit.chains()).extracting(Layout.Chain::name).containsExactly("alembic");
        assertThat(explicit.folders()).containsExactly("manual", "db/versions");
        Layout oneIni = LayoutResolver.resolve(List.of("svc/alembic.ini"), tree).layout();
        assertThat(oneIni.chains()).extracting(Layout.Chain::name).containsExactly("alembic");
        assertThat(oneIni.folders()).containsExactly("svc/a");

        MemoryTree noIni = MemoryTree.ofTexts(
                Map.of("legacy/versions/001_c.py", MIGRATION, "other/versions/notes.py", "# nothing\n"));
        Layout probed = LayoutResolver.resolve(List.of(), noIni).layout();
        assertThat(probed.chains()).extracting(Layout.Chain::name).containsExactly("alembic");
        assertThat(probed.folders()).containsExactly("legacy/versions");
    }

    @Test
    void theRepositorysOwnRevchainYamlIsReadAsCheckReadsIt() {
        MemoryTree tree = MemoryTree.ofTexts(Map.of(
                ".revchain.yaml", "alembic_version: \"1.9\"\nchains:\n  core: {version_locations: [db/core]}\n",
                "db/core/001_a.py", MIGRATION,
                "alembic.ini", "[alembic]\nscript_location = db\n"));
        Layout stated = LayoutResolver.resolve(List.of(), tree).layout();
        assertThat(stated.chains()).extracting(Layout.Chain::name).containsExactly("core");
        assertThat(stated.chains().get(0).release()).hasToString("1.9.0");
        MemoryTree broken = MemoryTree.ofTexts(Map.of(
                ".revchain.yaml",
                "polcy: acgs2\n",
                "db/versions/001_a.py",
                MIGRATION,
                "alembic.ini",
                "[alembic]\nscript_location = db\n"));
        LayoutResolver.Resolved r = LayoutResolver.resolve(List.of(), broken);
        assertThat(r.layout().folders()).containsExactly("db/versions");
        assertThat(r.findings()).extracting(Finding::file).contains(".revchain.yaml");
    }

    private static final String MIGRATION = "revision = 'x'\ndown_revision = None\n";
}
