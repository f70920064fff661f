package io.revchain.app.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.repair.planning.FileChange;
import io.revchain.repair.planning.PlanWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guarantee: the repairer writes only directly inside a chain's version locations, never through a symlink, never
 * outside the repository. Seeded random attacks (hostile paths, hostile version locations, symlinks, hard links,
 * planted temporary files) try to make {@link PlanWriter} write elsewhere; the CLI's {@code repair --write} is
 * attacked through a versions folder that is a symlink.
 */
class RepairSafetyTest {

    private static final long SEED = Long.getLong("revchain.seed", 20261124L);
    private static final String[] SEGMENTS = {
        "..",
        ".",
        "versions",
        "other",
        "link-dir",
        "outside",
        "",
        "x.py",
        "link.py",
        "/tmp",
        "versions\\..\\..",
        "%2e%2e",
        "\u2025",
        "versions/sub",
        "...",
        "~",
        "$HOME"
    };
    private static final String[] LOCATIONS = {
        "versions", "../outside", "link-dir", "/tmp", "versions/..", ".", "", "versions/../../outside", "other"
    };

    @TempDir
    Path tmp;

    private Path root;
    private Path outside;

    private void build() throws IOException {
        root = Files.createDirectories(tmp.resolve("repo"));
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("keep.py"), "revision = 'outside'\n");
        Path versions = Files.createDirectories(root.resolve("versions"));
        Files.createDirectories(root.resolve("other"));
        Files.writeString(versions.resolve("001.py"), "revision = '001'\ndown_revision = None\n");
        Files.createSymbolicLink(root.resolve("link-dir"), outside);
        Files.createSymbolicLink(versions.resolve("link.py"), outside.resolve("keep.py"));
        // a hard link: replacing the name must never change the file outside
        Files.createLink(versions.resolve("hard.py"), outside.resolve("keep.py"));
    }

    private static String hostilePath(Random r) {
        StringBuilder b = new StringBuilder();
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                b.append('/');
            }
            b.append(SEGMENTS[r.nextInt(SEGMENTS.length)]);
        }
        if (r.nextBoolean()) {
            b.append(r.nextBoolean() ? "/evil.py" : "evil.py");
        }
        return b.toString();
    }

    @Test
    void randomHostilePathsAndLocationsNeverWriteOutsideAVersionFolder() throws IOException {
        build();
        Random seeds = new Random(SEED);
        int refused = 0;
        int written = 0;
        for (int i = 0; i < 2_000; i++) {
            long seed = seeds.nextLong();
            Random r = new Random(seed);
            List<String> locations = new ArrayList<>();
            for (int k = 0, n = 1 + r.nextInt(3); k < n; k++) {
                locations.add(LOCATIONS[r.nextInt(LOCATIONS.length)]);
            }
            List<FileChange> changes = new ArrayList<>();
            for (int k = 0, n = 1 + r.nextInt(3); k < n; k++) {
                String path = hostilePath(r);
                byte[] bytes = ("owned " + seed + "\n").getBytes(StandardCharsets.UTF_8);
                changes.add(
                        r.nextInt(4) == 0 && !path.isEmpty()
                                ? new FileChange(path, path, readOrEmpty(root, path), bytes)
                                : new FileChange(null, path, null, bytes));
            }
            Map<String, String> outsideBefore = Sandbox.snapshot(outside);
            Map<String, String> before = Sandbox.snapshot(root);
            try {
                PlanWriter.write(root, locations, changes);
                written++;
                // Then every change it accepted landed directly inside a named version folder: a real folder
                // (not a symlink) inside the repository
                List<Path> allowed = new ArrayList<>();
                for (String loc : locations) {
                    Path p = root.resolve(loc).normalize();
                    if (p.startsWith(root) && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                        allowed.add(p);
                    }
                }
                for (FileChange c : changes) {
                    Path target = root.resolve(c.newPath()).normalize();
                    assertThat(target.startsWith(root))
                            .as("seed %d: %s", seed, c.newPath())
                            .isTrue();
                    assertThat(allowed)
                            .as("seed %d: %s in %s", seed, c.newPath(), locations)
                            .contains(target.getParent());
                    assertThat(Files.isSymbolicLink(target)).as("seed %d", seed).isFalse();
                    Files.delete(target);
                }
            } catch (PlanWriter.RefusedException e) {
                refused++;
                assertThat(Sandbox.snapshot(root))
                        .as("seed %d: refused, nothing written", seed)
                        .isEqualTo(before);
            } catch (IOException e) {
                // a disk-level refusal (a name the file system will not take) is fine, as long as nothing moved
                assertThat(Sandbox.snapshot(root)).as("seed %d: %s", seed, e).isEqualTo(before);
            }
            assertThat(Sandbox.snapshot(outside))
                    .as("seed %d: outside untouched", seed)
                    .isEqualTo(outsideBefore);
            assertThat(Files.readString(outside.resolve("keep.py")))
                    .as("seed %d", seed)
                    .isEqualTo("revision = 'outside'\n");
        }
        System.out.printf(
                "repair safety: 2,000 random attacks (seed %d): %d refused, %d written inside a version folder%n",
                SEED, refused, written);
        assertThat(refused).as("seed %d", SEED).isGreaterThan(1_000);
        assertThat(written)
                .as("seed %d: the generator also makes legitimate plans", SEED)
                .isPositive();
    }

    private static byte[] readOrEmpty(Path root, String rel) {
        try {
            Path p = root.resolve(rel);
            return Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? Files.readAllBytes(p) : new byte[0];
        } catch (IOException | RuntimeException e) {
            return new byte[0];
        }
    }

    @Test
    void aHardLinkIsReplacedNotWrittenThrough() throws IOException {
        build();
        byte[] old = Files.readAllBytes(root.resolve("versions/hard.py"));
        PlanWriter.write(
                root,
                List.of("versions"),
                List.of(new FileChange(
                        "versions/hard.py",
                        "versions/hard.py",
                        old,
                        "revision = 'fixed'\n".getBytes(StandardCharsets.UTF_8))));
        assertThat(Files.readString(root.resolve("versions/hard.py"))).isEqualTo("revision = 'fixed'\n");
        assertThat(Files.readString(outside.resolve("keep.py"))).isEqualTo("revision = 'outside'\n");
    }

    @Test
    void aPlantedTemporaryFileSymlinkIsNotFollowed() throws IOException {
        build();
        // Given the writer's temporary name planted as a symlink to a file outside
        Files.createSymbolicLink(root.resolve("versions/.new.py.revchain-tmp"), outside.resolve("keep.py"));
        Map<String, String> outsideBefore = Sandbox.snapshot(outside);
        try {
            PlanWriter.write(
                    root,
                    List.of("versions"),
                    List.of(new FileChange(
                            null, "versions/new.py", null, "revision = 'new'\n".getBytes(StandardCharsets.UTF_8))));
        } catch (IOException expected) {
            // refusing is the right answer; writing through the link is not
        }
        assertThat(Sandbox.snapshot(outside)).isEqualTo(outsideBefore);
        assertThat(root.resolve("versions/new.py")).doesNotExist();
    }

    @Test
    void repairWriteThroughASymlinkedVersionsFolderWritesNothingOutside() throws IOException {
        // Given a repository whose versions folder is a symlink to a broken chain outside it
        Path repo = Files.createDirectories(tmp.resolve("repo2"));
        Path real = Files.createDirectories(tmp.resolve("elsewhere/versions"));
        Files.writeString(real.resolve("001_a.py"), Sandbox.migration("a", null));
        Files.writeString(real.resolve("002_b.py"), Sandbox.migration("b", "a"));
        Files.writeString(real.resolve("003_c.py"), Sandbox.migration("c", "a"));
        Files.createDirectories(repo.resolve("migrations"));
        Files.writeString(repo.resolve("alembic.ini"), "[alembic]\nscript_location = migrations\n");
        Files.createSymbolicLink(repo.resolve("migrations/versions"), real);
        Map<String, String> before = Sandbox.snapshot(tmp.resolve("elsewhere"));

        // When repair --write runs on it
        Sandbox.Run r = Sandbox.cli("repair", repo.toString(), "--write");

        // Then the escape is reported, and nothing outside the repository changed
        assertThat(r.err()).doesNotContain("internal error");
        assertThat(Sandbox.snapshot(tmp.resolve("elsewhere"))).isEqualTo(before);
        assertThat(Sandbox.cli("check", repo.toString()).out()).contains("unsafe-path");
    }
}
