package io.revchain.repair.planning;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.revchain.core.model.Finding;
import java.util.List;

/**
 * The JSON form of repair plans: for each chain its strategy, policy, verified flag, overall risk, actions, notes,
 * the errors left, the files touched and the unified diff. Field order is fixed, so equal plans give equal bytes.
 */
public final class PlanJson {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PlanJson() {}

    /** One JSON document for every chain's plan. */
    public static String render(String path, List<RepairPlan> plans) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("path", path);
        ArrayNode chains = root.putArray("chains");
        for (RepairPlan p : plans) {
            chains.add(node(p));
        }
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a plan is always serialisable", e);
        }
    }

    private static ObjectNode environment(EnvironmentForecast e) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("environment", e.environment());
        ArrayNode rows = n.putArray("rows");
        e.rows().forEach(rows::add);
        if (e.unreadable() != null) {
            n.put("unreadable", e.unreadable());
            return n;
        }
        n.put("before", e.before().wireName());
        n.put("after", e.after().kind().wireName());
        n.put("upgradable", e.upgradable());
        n.put("reason", e.after().reason());
        ArrayNode runs = n.putArray("nextUpgradeRuns");
        for (EnvironmentForecast.UpgradeStep s : e.runs()) {
            ObjectNode r = runs.addObject();
            r.put("revision", s.revision());
            if (s.file() != null) {
                r.put("file", s.file());
            }
            r.put("planned", s.planned());
        }
        return n;
    }

    static ObjectNode node(RepairPlan p) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("location", p.location());
        n.put("strategy", p.strategy().label());
        n.put("policy", p.policy());
        n.put("verified", p.verified());
        n.put("clean", p.clean());
        n.put("risk", p.risk().label());
        ArrayNode actions = n.putArray("actions");
        for (RepairAction a : p.actions()) {
            actions.add(MAPPER.valueToTree(a));
        }
        ArrayNode notes = n.putArray("notes");
        p.notes().forEach(notes::add);
        ArrayNode remaining = n.putArray("remaining");
        for (Finding f : p.remaining()) {
            remaining.add(MAPPER.valueToTree(f));
        }
        ArrayNode files = n.putArray("files");
        for (FileChange c : p.changes()) {
            ObjectNode f = files.addObject();
            f.put(
                    "change",
                    c.created()
                            ? "create"
                            : c.renamed() ? (c.contentChanged() ? "rename+modify" : "rename") : "modify");
            if (c.oldPath() != null) {
                f.put("from", c.oldPath());
            }
            f.put("path", c.newPath());
        }
        if (!p.environments().isEmpty()) {
            n.put("refused", p.refused());
            ArrayNode refusals = n.putArray("refusals");
            p.refusals().forEach(refusals::add);
            ArrayNode envs = n.putArray("environments");
            for (EnvironmentForecast e : p.environments()) {
                envs.add(environment(e));
            }
        }
        n.put("diff", UnifiedDiff.render(p.changes()));
        return n;
    }
}
