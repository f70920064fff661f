package io.revchain.app.demo;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.eclipse.jgit.api.errors.GitAPIException;

/**
 * What the demo's team pushes once every repository is healthy, in two rounds: new migrations on the current
 * heads (the ACGS-2 one with its constitutional hash), an edit of an existing migration, a rename, and a feature
 * branch of {@code billing} that adds a migration on the same parent as one {@code main} gets meanwhile — healthy
 * on its own, two heads once merged, which only the pre-merge check ({@code candidates: [feature/*]}) sees.
 */
public final class SteadyWork {

    /** The feature branch whose merge into {@code main} would collide. */
    public static final String FEATURE = "feature/ledger";

    /** One push: which repository, what kind of change, and the branch and commit pushed. */
    public record Push(String repo, String kind, String branch, String commit) {}

    private static final String HASH = "cdd01ef066bc6cf2";

    private SteadyWork() {}

    /**
     * Round {@code round} (1 or 2) on top of {@code heads} (repository id → the head revision of its main, as the
     * last reports give it).
     */
    public static List<Push> round(int round, DemoTeam team, DemoOrganisation.Org org, Function<String, String> heads)
            throws IOException, GitAPIException {
        List<Push> out = new ArrayList<>();
        if (round == 1) {
            out.add(addMigration(team, repo(org, "billing"), "5d4e6f708192", heads, "add refunds", 10));
            out.add(addMigration(team, repo(org, "orders"), "f0a1b2c3d4e5", heads, "add order notes", 11));
            DemoOrganisation.Repo acgs2 = repo(org, "acgs2-services");
            String down = heads.apply(acgs2.id());
            String id = "009_add_audit_retention";
            String text = DemoOrganisation.migration(id, down, "add audit retention", 27)
                    .replace("Create Date: 2024-02-28", "Create Date: 2025-01-15")
                    .replace("\n\n\"\"\"\n", "\n\nConstitutional Hash: " + HASH + "\n\"\"\"\n");
            out.add(new Push(
                    acgs2.id(),
                    "new migration",
                    "main",
                    team.commit(acgs2, "add " + id, Map.of("migrations/versions/" + id + ".py", text))));
            return out;
        }
        DemoOrganisation.Repo orders = repo(org, "orders");
        String file = "migrations/versions/a0b1c2d3e4f5_create_orders.py";
        String edited = team.read(orders, file)
                .replace("def upgrade():\n    pass", "def upgrade():\n    op.execute(\"SELECT 1\")");
        out.add(new Push(
                orders.id(),
                "edit",
                "main",
                team.commit(orders, "create orders: fill in upgrade", Map.of(file, edited))));
        DemoOrganisation.Repo inventory = repo(org, "inventory");
        out.add(new Push(
                inventory.id(),
                "rename",
                "main",
                team.rename(
                        inventory,
                        "migrations/versions/d3e4f5a6b7c8_create_items.py",
                        "migrations/versions/d3e4f5a6b7c8_create_item_table.py")));
        // the feature branch first, from main's head before main moves on: both add a child of the same revision
        DemoOrganisation.Repo billing = repo(org, "billing");
        String parent = heads.apply(billing.id());
        String ledger = "6e5f708192a3";
        out.add(new Push(
                billing.id(),
                "feature branch",
                FEATURE,
                team.commitOn(
                        billing,
                        FEATURE,
                        "add ledger",
                        Map.of(
                                DemoOrganisation.path(ledger, "add ledger"),
                                DemoOrganisation.migration(ledger, parent, "add ledger", 12)))));
        out.add(addMigration(team, billing, "7f608192a3b4", heads, "add tax rates", 13));
        return out;
    }

    private static Push addMigration(
            DemoTeam team, DemoOrganisation.Repo repo, String id, Function<String, String> heads, String msg, int day)
            throws IOException, GitAPIException {
        String text = DemoOrganisation.migration(id, heads.apply(repo.id()), msg, day);
        return new Push(
                repo.id(),
                "new migration",
                "main",
                team.commit(repo, msg, Map.of(DemoOrganisation.path(id, msg), text)));
    }

    private static DemoOrganisation.Repo repo(DemoOrganisation.Org org, String id) {
        return org.repos().stream()
                .filter(r -> r.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no demo repository " + id));
    }
}
