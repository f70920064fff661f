package io.revchain.repair.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.revchain.core.model.Policy;
import io.revchain.core.model.Strategy;
import io.revchain.testkit.AlembicOracle;
import io.revchain.testkit.TestTrees;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PlanWriter's refusals and atomicity; new files in the folder's style; merge on the ACGS-2 folder. */
class PlanWriterAndStyleTest {

    @TempDir
    Path tmp;

    private static FileChange create(String path, String text) {
        return new FileChange(null, path, null, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void refusesPathsOutsideTheVersionLocationsAndWritesNothing() throws Exception {
        Files.createDirectories(tmp.resolve("versions"));
        FileChange ok = create("versions/a.py", "x = 1\n");
        for (String bad : List.of("../escape.py", "other/b.py", "versions/../b.py", "versions/sub/c.py")) {
            assertThatThrownBy(() -> PlanWriter.write(tmp, List.of("versions"), List.of(ok, create(bad, "y\n"))))
                    .as(bad)
                    .isInstanceOf(PlanWriter.RefusedException.class);
        }
        assertThat(tmp.resolve("versions/a.py")).doesNotExist();
        try (var s = Files.list(tmp.resolve("versions"))) {
            assertThat(s.toList()).as("no temporary file left").isEmpty();
        }
    }

    @Test
    void refusesSymlinksAndFilesChangedSincePlanning() throws Exception {
        Path v = Files.createDirectories(tmp.resolve("versions"));
        Files.writeString(tmp.resolve("target.py"), "secret\n");
        Files.createSymbolicLink(v.resolve("link.py"), tmp.resolve("target.py"));
        FileChange viaLink = new FileChange(
                "versions/link.py",
                "versions/link.py",
                "secret\n".getBytes(StandardCharsets.UTF_8),
                "owned\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> PlanWriter.write(tmp, List.of("versions"), List.of(viaLink)))
                .isInstanceOf(PlanWriter.RefusedException.class)
                .hasMessageContaining("symlink");
        assertThat(Files.readString(tmp.resolve("target.py"))).isEqualTo("secret\n");

        Files.writeString(v.resolve("m.py"), "changed meanwhile\n");
        FileChange stale = new FileChange(
                "versions/m.py",
                "versions/m.py",
                "original\n".getBytes(StandardCharsets.UTF_8),
                "new\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> PlanWriter.write(tmp, List.of("versions"), List.of(stale)))
                .hasMessageContaining("changed since");
        assertThat(Files.readString(v.resolve("m.py"))).isEqualTo("changed meanwhile\n");
    }

    @Test
    void renamesAndCreatesTogether() throws Exception {
        Path v = Files.createDirectories(tmp.resolve("versions"));
        Files.writeString(v.resolve("004_x.py"), "old\n");
        FileChange rename = new FileChange(
                "versions/004_x.py",
                "versions/004b_x.py",
                "old\n".getBytes(StandardCharsets.UTF_8),
                "new\n".getBytes(StandardCharsets.UTF_8));
        PlanWriter.write(tmp, List.of("versions"), List.of(rename, create("versions/n.py", "n\n")));
        assertThat(v.resolve("004_x.py")).doesNotExist();
        assertThat(Files.readString(v.resolve("004b_x.py"))).isEqualTo("new\n");
        assertThat(Files.readString(v.resolve("n.py"))).isEqualTo("n\n");
    }

    @Test
    void newFilesFollowTheFoldersTemplate() {
        String mako = "\"\"\"${message}\n\nRevision ID: ${up_revision}\nRevises: ${down_revision | comma,n}\n"
                + "Create Date: ${create_date}\n\n\"\"\"\nfrom alembic import op\n${imports if imports else \"\"}\n"
                + "# custom house style\nrevision = ${repr(up_revision)}\ndown_revision = ${repr(down_revision)}\n"
                + "branch_labels = ${repr(branch_labels)}\ndepends_on = ${repr(depends_on)}\n\n\ndef upgrade():\n"
                + "    ${upgrades if upgrades else \"pass\"}\n\n\ndef downgrade():\n"
                + "    ${downgrades if downgrades else \"pass\"}\n";
        List<SourceText> files = List.of(
                new SourceText("versions/a.py", "revision = 'a'\ndown_revision = None\n".getBytes()),
                new SourceText("versions/b.py", "revision = 'b'\ndown_revision = 'a'\n".getBytes()),
                new SourceText("versions/c.py", "revision = 'c'\ndown_revision = 'a'\n".getBytes()));
        RepairPlan plan = new RepairPlanner()
                .plan(RepairRequest.of(files, "versions", Policy.alembic()).withTemplate(mako));
        assertThat(plan.verified()).isTrue();
        assertThat(plan.changes()).hasSize(1);
        String merge = new String(plan.changes().get(0).newBytes(), StandardCharsets.UTF_8);
        assertThat(merge).contains("# custom house style", "down_revision = ('b', 'c')", "Revises: b, c");
        assertThat(plan.changes().get(0).newPath()).matches("versions/[0-9a-f]{12}_merge_heads\\.py");
    }

    @Test
    void newFilesFollowTheMajorityStyleWithoutATemplate() {
        List<SourceText> files = List.of(
                new SourceText("versions/a.py", "revision: str = \"a\"\ndown_revision: str | None = None\n".getBytes()),
                new SourceText("versions/b.py", "revision: str = \"b\"\ndown_revision = 'zzzz'\n".getBytes()));
        RepairPlan plan = new RepairPlanner().plan(RepairRequest.of(files, "versions", Policy.alembic()));
        String placeholder = plan.changes().stream()
                .filter(c -> c.created() && c.newPath().contains("zzzz"))
                .map(c -> new String(c.newBytes(), StandardCharsets.UTF_8))
                .findFirst()
                .orElseThrow();
        assertThat(placeholder)
                .contains(
                        "revision: str = \"zzzz\"",
                        "down_revision: Union[str, Sequence[str], None]",
                        "Placeholder written by revchain");
    }

    @Tag("oracle")
    @Test
    void mergeOnTheAcgsFolderAddsPlaceholdersAndOneMergeAndRealAlembicSeesOneHead() throws Exception {
        Path root = TestTrees.copy(Folders.ACGS2, tmp.resolve("acgs2"));
        RepairRequest req = Folders.request(root, Policy.alembic());
        RepairPlan plan = new RepairPlanner().plan(req);
        assertThat(plan.strategy()).isEqualTo(Strategy.MERGE);
        assertThat(plan.verified()).isTrue();
        assertThat(plan.clean()).isTrue();
        assertThat(plan.actions()).noneMatch(a -> a.kind() == ActionKind.SET_DOWN_REVISION);
        assertThat(plan.actions())
                .filteredOn(a -> a.kind() == ActionKind.CREATE_PLACEHOLDER)
                .hasSize(7);
        assertThat(plan.actions())
                .filteredOn(a -> a.kind() == ActionKind.ADD_MERGE_REVISION)
                .hasSize(1);
        PlanWriter.write(root, req.versionLocations(), plan.changes());
        AlembicOracle.Run heads = AlembicOracle.command(root.resolve("alembic.ini"), "heads");
        assertThat(heads.exit()).as(heads.err()).isZero();
        assertThat(heads.out().strip().lines().count()).isEqualTo(1);
        assertThat(AlembicOracle.command(root.resolve("alembic.ini"), "history").exit())
                .isZero();
    }
}
