package io.revchain.deployments;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.analysis.deploy.AppliedState;
import io.revchain.analysis.deploy.DeploymentClassifier;
import io.revchain.core.database.Dialect;
import io.revchain.core.database.VersionTable;
import io.revchain.testkit.AlembicOracle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pending revisions revchain lists are the ones real Alembic 1.8.1 runs, in the order it runs them: on seeded
 * random chains with branches, merges, {@code depends_on} and several bases, a SQLite database stamped at a random revision (or at none)
 * is upgraded with {@code alembic upgrade heads}, and its "Running upgrade ... -> X" lines are compared with the
 * list.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class UpgradeOrderIT {
    static final int CHAINS = Integer.getInteger("revchain.upgradeOrder.chains", 16);

    @TempDir
    Path dir;

    @Test
    void pendingIsWhatAlembicUpgradeHeadsRunsInItsOrder() throws Exception {
        Random random = new Random(Long.getLong("revchain.seed", 20L));
        int compared = 0;
        int crashed = 0;
        for (int round = 0; round < CHAINS; round++) {
            try (TestDatabase db = TestDatabase.create(Dialect.SQLITE, dir)) {
                AlembicProject p = new AlembicProject(dir.resolve("p" + round), db.sqlalchemyUrl, null, null);
                int n = 3 + random.nextInt(10);
                List<String> ids = new ArrayList<>();
                StringBuilder chain = new StringBuilder();
                List<String> deps = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    String id = "r" + Integer.toHexString(random.nextInt(0x10000)) + "x" + i;
                    List<String> down = new ArrayList<>();
                    if (i > 0 && random.nextInt(8) != 0) {
                        down.add(ids.get(random.nextInt(i)));
                        if (i > 1 && random.nextInt(4) == 0) {
                            String second = ids.get(random.nextInt(i));
                            if (!down.contains(second)) {
                                down.add(second);
                            }
                        }
                    }
                    List<String> rev = new ArrayList<>();
                    if (i > 1 && random.nextInt(5) == 0) {
                        String dep = ids.get(random.nextInt(i));
                        if (!down.contains(dep)) {
                            rev.add(dep);
                            deps.add(dep);
                        }
                    }
                    p.add(id, down, rev);
                    chain.append(' ').append(id).append('<').append(down).append(rev.isEmpty() ? "" : "+" + rev);
                    ids.add(id);
                }
                int at = random.nextInt(n + 1);
                if (at < n) {
                    p.ok("stamp", ids.get(at));
                } else {
                    // never stamped: a version table with no row
                    p.ok("stamp", ids.get(0));
                    p.ok("stamp", "base");
                }
                AppliedState s = new DeploymentClassifier(p.graph())
                        .classify(new VersionTableReader(Timeouts.DEFAULT)
                                .read(db.url(), null, VersionTable.DEFAULT)
                                .rows());

                AlembicOracle.Run upgrade = p.alembic("upgrade", "heads");

                if (upgrade.exit() != 0 && !deps.isEmpty() && upgrade.err().contains("\nKeyError: ")) {
                    // Alembic 1.8.1's own bookkeeping of the version table (HeadMaintainer) raises KeyError on some
                    // depends_on layouts, part-way through the upgrade: nothing whole to compare with
                    crashed++;
                    continue;
                }
                assertThat(upgrade.exit()).as(upgrade.err()).isZero();
                compared++;
                List<String> ran = new ArrayList<>();
                for (String line : upgrade.err().split("\\R")) {
                    int arrow = line.indexOf(" -> ");
                    if (line.startsWith("Running upgrade") && arrow > 0) {
                        // "Running upgrade a, b -> m, message"
                        String target = line.substring(arrow + 4);
                        int comma = target.indexOf(',');
                        ran.add((comma < 0 ? target : target.substring(0, comma)).strip());
                    }
                }
                assertThat(s.pending())
                        .as(
                                "round %d, stamped at %s, rows %s, chain%s",
                                round, at < n ? ids.get(at) : "nothing", s.rows(), chain)
                        .containsExactlyElementsOf(ran);
            }
        }
        // the comparison ran on most chains; Alembic's own crashes stay the exception
        assertThat(compared)
                .as("compared %d, Alembic crashed on %d", compared, crashed)
                .isGreaterThan(crashed * 3);
    }
}
