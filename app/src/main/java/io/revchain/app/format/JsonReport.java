package io.revchain.app.format;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.revchain.app.check.ChainResult;
import io.revchain.app.check.CheckResult;
import io.revchain.core.model.Finding;

/** {@code --format json}: one object, schema 1, file paths relative to the checked path. */
public final class JsonReport {
    private JsonReport() {}

    public static String render(CheckResult r) {
        ObjectNode root = Json.object();
        root.put("schema", 1);
        root.put("path", r.path());
        root.put("policy", r.policy());
        ArrayNode chains = root.putArray("chains");
        for (ChainResult c : r.chains()) {
            ObjectNode cn = chains.addObject();
            cn.put("location", c.location());
            cn.put("name", c.name());
            cn.put("checked", c.checked());
            if (c.release() != null) {
                cn.put("alembic", c.release());
            }
            c.notes().forEach(cn.putArray("notes")::add);
            cn.put("revisions", c.revisions());
            c.heads().forEach(cn.putArray("heads")::add);
            c.bases().forEach(cn.putArray("bases")::add);
            ArrayNode fs = cn.putArray("findings");
            for (Finding f : c.findings()) {
                fs.add(finding(f));
            }
        }
        root.put("checked", r.checked());
        root.put("skipped", r.skipped());
        root.put("status", r.status());
        return Json.write(root);
    }

    static ObjectNode finding(Finding f) {
        ObjectNode n = Json.object();
        n.put("check", f.check());
        n.put("severity", f.severity().label());
        if (f.revision() != null) {
            n.put("revision", f.revision());
        } else {
            n.putNull("revision");
        }
        if (f.file() != null) {
            n.put("file", f.file());
        } else {
            n.putNull("file");
        }
        n.put("line", f.line());
        n.put("message", f.message());
        if (f.alembic() != null) {
            n.put("alembic", f.alembic());
        } else {
            n.putNull("alembic");
        }
        if (!f.revisions().isEmpty()) {
            f.revisions().forEach(n.putArray("revisions")::add);
        }
        return n;
    }
}
