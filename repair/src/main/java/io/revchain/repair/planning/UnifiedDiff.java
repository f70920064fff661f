package io.revchain.repair.planning;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders file changes as one unified diff that {@code git apply} accepts (run from the analysed root): git
 * headers, {@code /dev/null} for new files, {@code rename from}/{@code rename to} for renames, and
 * {@code \ No newline at end of file} where a file ends without one. The line diff itself is java-diff-utils'.
 */
public final class UnifiedDiff {

    private static final int CONTEXT = 3;
    /** Marks a last line without a newline while java-diff-utils compares lines. */
    private static final String NO_EOL = "\u0000no-eol";

    private UnifiedDiff() {}

    /** The diff of every change, in the order given. */
    public static String render(List<FileChange> changes) {
        StringBuilder out = new StringBuilder();
        for (FileChange c : changes) {
            out.append(render(c));
        }
        return out.toString();
    }

    /** The diff of one change. */
    public static String render(FileChange c) {
        String oldName = c.created() ? null : c.oldPath();
        String newName = c.newPath();
        StringBuilder out = new StringBuilder();
        out.append("diff --git a/")
                .append(oldName == null ? newName : oldName)
                .append(" b/")
                .append(newName)
                .append('\n');
        if (c.created()) {
            out.append("new file mode 100644\n");
        } else if (c.renamed()) {
            out.append(c.contentChanged() ? "" : "similarity index 100%\n");
            out.append("rename from ").append(oldName).append('\n');
            out.append("rename to ").append(newName).append('\n');
        }
        if (!c.contentChanged()) {
            return out.toString();
        }
        List<String> before = c.created() ? List.of() : lines(c.oldBytes());
        List<String> after = lines(c.newBytes());
        Patch<String> patch = DiffUtils.diff(before, after);
        List<String> diff = UnifiedDiffUtils.generateUnifiedDiff(
                c.created() ? "/dev/null" : "a/" + oldName, "b/" + newName, before, patch, CONTEXT);
        if (diff.isEmpty()) {
            return out.toString();
        }
        for (String line : diff) {
            if (c.created() && line.startsWith("@@ -1,0 ")) {
                // git writes an empty original as 0,0
                line = "@@ -0,0 " + line.substring("@@ -1,0 ".length());
            }
            if (line.endsWith(NO_EOL)) {
                out.append(line, 0, line.length() - NO_EOL.length()).append("\n\\ No newline at end of file\n");
            } else {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    /** Lines without their '\n' ('\r' stays, as git keeps it); a last line without newline is marked. */
    static List<String> lines(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        int from = 0;
        while (from < text.length()) {
            int nl = text.indexOf('\n', from);
            if (nl < 0) {
                out.add(text.substring(from) + NO_EOL);
                break;
            }
            out.add(text.substring(from, nl));
            from = nl + 1;
        }
        return out;
    }
}
