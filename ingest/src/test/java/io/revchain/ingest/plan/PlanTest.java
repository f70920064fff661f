package io.revchain.ingest.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.core.event.ChangeKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlanTest {

    private static final Layout LAYOUT = new Layout(List.of("db/versions"), Layout.Source.INI, List.of("alembic.ini"));

    @Test
    void onlyMigrationNamesDirectlyInAVersionFolderCount() {
        assertThat(LAYOUT.isMigration("db/versions/001_a.py")).isTrue();
        assertThat(LAYOUT.isMigration("db/versions/__init__.py")).isFalse();
        assertThat(LAYOUT.isMigration("db/versions/.#001_a.py")).isFalse();
        assertThat(LAYOUT.isMigration("db/versions/notes.txt")).isFalse();
        assertThat(LAYOUT.isMigration("db/versions/old/001_a.py")).isFalse();
        assertThat(LAYOUT.isMigration("db/001_a.py")).isFalse();
        assertThat(new Layout(List.of(""), Layout.Source.PROBED, List.of()).isMigration("001_a.py")).isTrue();
    }

    @Test
    void renamesAcrossTheVersionFolderBoundaryAreAdditionsOrDeletions() {
        List<FileDelta> d = ChangeClassifier.classify(List.of(
                TreeChange.rename("db/versions/002_b.py", "db/versions/002_bb.py", "b2"),
                TreeChange.rename("tmp/003_c.py", "db/versions/003_c.py", "c"),
                TreeChange.rename("db/versions/004_d.py", "attic/004_d.py", "d"),
                TreeChange.add("README.md", "r"),
                TreeChange.modify("db/versions/001_a.py", "a2"),
                TreeChange.delete("db/versions/005_e.py"),
                new TreeChange(TreeChange.Kind.MODIFY, "db/versions/006_f.py", "db/versions/006_f.py", "f", true,
                        false),
                new TreeChange(TreeChange.Kind.COPY, "db/versions/001_a.py", "db/versions/007_g.py", "a2", true,
                        true)), LAYOUT);
        assertThat(d).containsExactly(
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
        assertThat(LAYOUT.mayChange(List.of("db/versions/009_x.py", "README.md"))).isFalse();
        assertThat(LAYOUT.mayChange(List.of("alembic.ini"))).isTrue();
        assertThat(LAYOUT.mayChange(List.of("svc/alembic.ini"))).isTrue();
        assertThat(LAYOUT.mayChange(List.of("db/env.py"))).isTrue();
        Layout probed = new Layout(List.of("versions"), Layout.Source.PROBED, List.of());
        assertThat(probed.mayChange(List.of("app/versions/001.py"))).isTrue();
        assertThat(probed.mayChange(List.of("app/models.py"))).isFalse();
        Layout explicit = new Layout(List.of("db"), Layout.Source.EXPLICIT, List.of());
        assertThat(explicit.mayChange(List.of("alembic.ini"))).isFalse();
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
        assertThat(List.of(b.delay(0), b.delay(1), b.delay(2), b.delay(3), b.delay(4), b.delay(99))).containsExactly(
                Duration.ZERO, Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20),
                Duration.ofSeconds(30), Duration.ofSeconds(30));
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
        assertThat(EventBuilder.unavailable("r", "https://u:p@h/x", "down", 1, Instant.EPOCH).url())
                .isEqualTo("https://h/x");
    }

    @Test
    void theLayoutComesFromConfiguredPathsThenIniFilesThenProbing() {
        FakeTree tree = new FakeTree(Map.of(
                "alembic.ini", "[alembic]\nscript_location = db\n",
                "svc/alembic.ini", "[alembic]\nscript_location = %(here)s/mig\nversion_locations = %(here)s/a %(here)s/../../outside\n"),
                Set.of("db/versions", "svc/a", "legacy/versions", "manual"), Set.of("legacy/versions"));
        LayoutResolver.Resolved inis = LayoutResolver.resolve(List.of(), tree);
        assertThat(inis.layout().folders()).containsExactly("db/versions", "svc/a");
        assertThat(inis.layout().source()).isEqualTo(Layout.Source.INI);
        assertThat(inis.layout().inis()).containsExactly("alembic.ini", "svc/alembic.ini");

        assertThat(LayoutResolver.resolve(List.of("manual/", "./db/versions"), tree).layout())
                .isEqualTo(new Layout(List.of("manual", "db/versions"), Layout.Source.EXPLICIT, List.of()));
        assertThat(LayoutResolver.resolve(List.of("svc/alembic.ini"), tree).layout().folders())
                .containsExactly("svc/a");

        FakeTree noIni = new FakeTree(Map.of(), Set.of("legacy/versions", "other/versions"), Set.of("legacy/versions"));
        assertThat(LayoutResolver.resolve(List.of(), noIni).layout())
                .isEqualTo(new Layout(List.of("legacy/versions"), Layout.Source.PROBED, List.of()));
    }

    /** A tree of ini texts, folders, and the folders whose files mention down_revision. */
    private record FakeTree(Map<String, String> inis, Set<String> folders, Set<String> mentioning)
            implements TreeView {
        @Override
        public List<String> alembicInis() {
            return List.copyOf(inis.keySet());
        }

        @Override
        public List<String> versionsFolders() {
            return folders.stream().filter(f -> f.endsWith("versions")).toList();
        }

        @Override
        public Optional<String> text(String path) {
            return Optional.ofNullable(inis.get(path));
        }

        @Override
        public boolean isFile(String path) {
            return inis.containsKey(path);
        }

        @Override
        public boolean isFolder(String path) {
            return path.isEmpty() || folders.contains(path);
        }

        @Override
        public boolean mentionsDownRevision(String folder) {
            return mentioning.contains(folder);
        }
    }
}
