package io.revchain.repair.planning;

import static io.revchain.repair.planning.RepairPlannerRulesTest.py;
import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.analysis.deploy.Retired;
import io.revchain.core.model.Policy;
import io.revchain.core.model.Strategy;
import io.revchain.testkit.AlembicOracle;
import io.revchain.testkit.AlembicProjectFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Repairs that respect applied revisions, checked with real Alembic 1.8.1 on a SQLite file: the database is stamped
 * at the applied revision by Alembic itself, the plan's files are written, and {@code alembic upgrade head} must
 * succeed and run what the plan's forecast says where revchain proposes the plan, and fail where it refuses it.
 */
@Tag("oracle")
class EnvironmentOracleTest {

    private static final Pattern RAN = Pattern.compile("Running upgrade (.*) -> (\\S+)");

    @TempDir
    Path tmp;

    @Test
    void aLinearizedForkRunsTheUnappliedRevisionWhereTheEnvironmentIsStamped() throws Exception {
        List<SourceText> files = sources(EnvironmentRulesTest.FORK);
        Project prod = new Project(tmp.resolve("respect"), files);
        prod.ok("stamp", "c");

        RepairPlan plan = plan(files, Strategy.LINEARIZE, Map.of("prod", List.of("c")), Map.of());
        assertThat(plan.writable()).isTrue();
        prod.write(plan);

        // Alembic runs exactly what the forecast lists for prod, and ends at one head
        AlembicOracle.Run up = prod.alembic("upgrade", "head");
        assertThat(up.exit()).as(up.err()).isZero();
        assertThat(ran(up))
                .isEqualTo(EnvironmentRulesTest.env(plan, "prod").runs().stream()
                        .map(EnvironmentForecast.UpgradeStep::revision)
                        .toList());
        assertThat(ran(up)).containsExactly("b");

        // the plan made without knowing prod re-points c after b: prod's upgrade then silently skips b
        Project blind = new Project(tmp.resolve("blind"), files);
        blind.ok("stamp", "c");
        blind.write(plan(files, Strategy.LINEARIZE, Map.of(), Map.of()));
        AlembicOracle.Run skipped = blind.alembic("upgrade", "head");
        assertThat(skipped.exit()).as(skipped.err()).isZero();
        assertThat(ran(skipped)).isEmpty();
    }

    @Test
    void aStrandedRevisionIsRefusedWithoutHistoryAndRescuedWithIt() throws Exception {
        List<SourceText> withX = new ArrayList<>(sources(EnvironmentRulesTest.LINE));
        withX.add(py("3_x.py", "x", "2024-01-03", "a").source());
        Project prod = new Project(tmp.resolve("stranded"), withX);
        prod.ok("stamp", "x");
        // x's file is deleted: the code is one clean chain again
        prod.delete("versions/3_x.py");
        List<SourceText> code = sources(EnvironmentRulesTest.LINE);

        // refused: and Alembic indeed cannot upgrade that database
        RepairPlan refused = plan(code, Strategy.MERGE, Map.of("prod", List.of("x")), Map.of());
        assertThat(refused.refused()).isTrue();
        AlembicOracle.Run broken = prod.alembic("upgrade", "head");
        assertThat(broken.exit()).isNotZero();
        assertThat(broken.err()).contains("Can't locate revision identified by 'x'");

        // with the history of x, the placeholder and merge make it upgradable, in the forecast's order
        Retired x = new Retired("x", "versions/3_x.py", List.of("a"), "1111111", "2222222", null);
        RepairPlan plan = plan(code, Strategy.MERGE, Map.of("prod", List.of("x")), Map.of("x", x));
        assertThat(plan.writable()).isTrue();
        prod.write(plan);
        AlembicOracle.Run up = prod.alembic("upgrade", "head");
        assertThat(up.exit()).as(up.err()).isZero();
        assertThat(ran(up))
                .isEqualTo(EnvironmentRulesTest.env(plan, "prod").runs().stream()
                        .map(EnvironmentForecast.UpgradeStep::revision)
                        .toList());
    }

    @Test
    void overlappingRowsAreRefusedAndAlembicCannotUpgradeThem() throws Exception {
        List<SourceText> files = sources(EnvironmentRulesTest.LINE);
        Project prod = new Project(tmp.resolve("overlap"), files);
        prod.ok("stamp", "b");
        // a second row below the first, as a hand edit leaves it
        AlembicOracle.Run insert = AlembicOracle.run(AlembicOracle.Invocation.of(
                "-c",
                "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); "
                        + "c.execute(\"insert into alembic_version values ('a')\"); c.commit()",
                prod.db().toString()));
        assertThat(insert.exit()).as(insert.err()).isZero();

        assertThat(plan(files, Strategy.MERGE, Map.of("prod", List.of("b", "a")), Map.of())
                        .refused())
                .isTrue();
        AlembicOracle.Run up = prod.alembic("upgrade", "head");
        assertThat(up.exit()).isNotZero();
        assertThat(up.err()).contains("overlaps with other requested revisions");
    }

    static List<SourceText> sources(RepairPlannerRulesTest.Py... files) {
        return Arrays.stream(files).map(RepairPlannerRulesTest.Py::source).toList();
    }

    static RepairPlan plan(
            List<SourceText> files, Strategy s, Map<String, List<String>> rows, Map<String, Retired> history) {
        return new RepairPlanner()
                .plan(RepairRequest.of(files, "versions", Policy.alembic())
                        .withStrategy(s)
                        .withApplied(AppliedEnvironments.of(new LinkedHashMap<>(rows))
                                .withHistory(history)));
    }

    /** The revisions an upgrade ran, in order, from Alembic's own log. */
    static List<String> ran(AlembicOracle.Run r) {
        List<String> out = new ArrayList<>();
        Matcher m = RAN.matcher(r.err());
        while (m.find()) {
            out.add(m.group(2).replaceAll(",$", ""));
        }
        return out;
    }

    /** An Alembic project whose env.py upgrades one SQLite file. */
    static final class Project {
        private final Path root;

        Project(Path root, List<SourceText> files) throws IOException {
            this.root = root;
            AlembicProjectFiles.write(root);
            for (SourceText f : files) {
                Files.write(root.resolve("migrations").resolve(f.path()), f.bytes());
            }
        }

        Path db() {
            return root.resolve("app.db");
        }

        void delete(String path) throws IOException {
            Files.delete(root.resolve("migrations").resolve(path));
        }

        void write(RepairPlan plan) throws IOException {
            PlanWriter.write(root.resolve("migrations"), List.of("versions"), plan.changes());
        }

        AlembicOracle.Run alembic(String... args) throws IOException, InterruptedException {
            List<String> cmd = new ArrayList<>(
                    List.of("-m", "alembic", "-c", root.resolve("alembic.ini").toString()));
            cmd.addAll(List.of(args));
            return AlembicOracle.run(AlembicOracle.Invocation.of(cmd.toArray(String[]::new))
                    .in(root)
                    .with("RC_URL", "sqlite:///" + db()));
        }

        void ok(String... args) throws IOException, InterruptedException {
            AlembicOracle.Run r = alembic(args);
            assertThat(r.exit())
                    .as("alembic %s: %s", String.join(" ", args), r.err())
                    .isZero();
        }
    }
}
