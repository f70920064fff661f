package io.revchain.core.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.revchain.core.alembic.AlembicRelease;
import io.revchain.core.model.Check;
import io.revchain.core.model.Finding;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs real Alembic 1.8.1 ({@code /usr/bin/python3}, one process for every layout) on the same folders and
 * compares the files its {@code ScriptDirectory} loads with what {@link Discovery} lists. Layouts that Alembic
 * cannot load must give revchain at least one ERROR finding.
 */
@Tag("oracle")
class AlembicOracleTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private final Map<String, Consumer<Tree>> layouts = new LinkedHashMap<>();

    private void layout(String name, Consumer<Tree> build) {
        layouts.put(name, build);
    }

    private void defineLayouts() {
        layout(
                "init default",
                t -> t.ini("alembic.ini", "[alembic]", "script_location = alembic")
                        .file("alembic/env.py", "")
                        .mig("alembic/versions/b2_second.py")
                        .mig("alembic/versions/a1_first.py")
                        .file("alembic/versions/__init__.py", "")
                        .file("alembic/versions/__init__old.py", "")
                        .file("alembic/versions/.#a1_first.py", "")
                        .file("alembic/versions/README", "")
                        .file("alembic/versions/x.pyc", "")
                        .mig("alembic/versions/.dot.py")
                        .mig("alembic/versions/Z.py")
                        .mig("alembic/versions/__pycache__/cached.py"));
        for (String[] sep : new String[][] {
            {"space", "%(here)s/one two"},
            {"os", "one:%(here)s/two"},
            {":", "one:two:"},
            {";", ";one;two"},
            {null, "one,two"},
            {null, "one,   two"}
        }) {
            layout("separator " + sep[0] + " " + sep[1], t -> {
                List<String> lines =
                        new ArrayList<>(List.of("[alembic]", "script_location = s", "version_locations = " + sep[1]));
                if (sep[0] != null) {
                    lines.add("version_path_separator = " + sep[0]);
                }
                t.ini("alembic.ini", lines.toArray(String[]::new))
                        .mig("s/versions/default_not_used.py")
                        .mig("one/a.py")
                        .mig("one/c.py")
                        .mig("two/b.py");
            });
        }
        layout(
                "here, %% and DEFAULT",
                t -> t.ini(
                                "conf/alembic.ini",
                                "[DEFAULT]",
                                "base = %(here)s/../db",
                                "[alembic]",
                                "script_location = %(base)s",
                                "version_locations = %(base)s/50%%off %(base)s/gone")
                        .mig("db/50%off/x.py")
                        .mig("db/versions/unused.py"));
        layout(
                "same location twice",
                t -> t.ini("alembic.ini", "[alembic]", "script_location = s", "version_locations = v %(here)s/v ./v")
                        .mig("v/a.py")
                        .mig("v/b.py")
                        .dir("s"));
        layout("symlink inside root across locations", t -> {
            t.ini("alembic.ini", "[alembic]", "script_location = s", "version_locations = v shared")
                    .mig("shared/z.py")
                    .mig("shared/y.py")
                    .dir("s");
            t.link("v/link.py", t.root.resolve("shared/z.py"));
        });
        layout("symlinked versions folder inside root", t -> {
            t.ini("alembic.ini", "[alembic]", "script_location = s")
                    .mig("real_versions/a.py")
                    .dir("s");
            t.link("s/versions", t.root.resolve("real_versions"));
        });
        layout(
                "sub-folders ignored by 1.8.1",
                t -> t.ini("alembic.ini", "[alembic]", "script_location = db", "recursive_version_locations = true")
                        .mig("db/versions/top.py")
                        .mig("db/versions/2024/deep.py"));
        layout(
                "flask script_location = .",
                t -> t.ini("migrations/alembic.ini", "[alembic]", "script_location = .")
                        .file("migrations/env.py", "")
                        .mig("migrations/versions/001_init.py"));
        layout(
                "stray comma scans the ini folder",
                t -> t.ini("alembic.ini", "[alembic]", "script_location = db", "version_locations = db/v,")
                        .mig("db/v/a.py")
                        .mig("stray.py"));
        layout(
                "several inis",
                t -> t.ini("svc/a/alembic.ini", "[alembic]", "script_location = %(here)s/m")
                        .mig("svc/a/m/versions/a.py")
                        .ini("svc/b/alembic.ini", "[alembic]", "script_location = m", "version_locations = m/v1 m/v2")
                        .mig("svc/b/m/v1/x.py")
                        .mig("svc/b/m/v2/y.py")
                        .dir("svc/b/m"));
        layout(
                "no ini, versions folders",
                t -> t.mig("pkg/db/versions/001.py")
                        .mig("pkg/db/versions/002.py")
                        .file("web/versions/v.py", "VERSION = 2\n"));
        layout(
                "multi-line value legacy split",
                t -> t.ini("alembic.ini", "[alembic]", "script_location = s", "version_locations = a", "    b")
                        .mig("a/x.py")
                        .dir("s"));
        layout(
                "named sections, no script_location in [alembic]",
                t -> t.ini(
                                "alembic.ini",
                                "[alembic]",
                                "sqlalchemy.url = sqlite://",
                                "[core]",
                                "script_location = db/core",
                                "[tenant]",
                                "script_location = db/tenant",
                                "version_locations = %(here)s/db/tenant/v1 db/tenant/v2")
                        .mig("db/core/versions/c1.py")
                        .mig("db/tenant/v1/t1.py")
                        .mig("db/tenant/v2/t2.py"));
        layout(
                "named sections beside [alembic]",
                t -> t.ini(
                                "alembic.ini",
                                "[alembic]",
                                "script_location = main",
                                "[schema_private]",
                                "script_location = private")
                        .mig("main/versions/m.py")
                        .mig("private/versions/p.py"));
        layout(
                "package resource",
                t -> t.ini("alembic.ini", "[alembic]", "script_location = myapp:db/migrations")
                        .file("myapp/__init__.py", "")
                        .mig("myapp/db/migrations/versions/a.py"));
        layout(
                "dotted package resource",
                t -> t.ini("alembic.ini", "[alembic]", "script_location = shop.store:migrations")
                        .file("shop/__init__.py", "")
                        .file("shop/store/__init__.py", "")
                        .mig("shop/store/migrations/versions/a.py"));
        layout(
                "one sub-folder per dialect",
                t -> t.ini("alembic.ini", "[alembic]", "script_location = db")
                        .file("db/versions/postgresql/p1.py", Tree.migration("p1", null))
                        .file("db/versions/postgresql/p2.py", Tree.migration("p2", "p1"))
                        .file("db/versions/sqlite/s1.py", Tree.migration("s1", null)));
        layout(
                "release folders with expand and contract",
                t -> t.ini("alembic.ini", "[alembic]", "script_location = db")
                        .file("db/versions/initial.py", Tree.migration("kilo", null))
                        .file("db/versions/liberty/expand/e1.py", Tree.migration("e1", "kilo"))
                        .file("db/versions/liberty/contract/c1.py", Tree.migration("c1", "kilo"))
                        .file("db/versions/mitaka/expand/e2.py", Tree.migration("e2", "e1"))
                        .file("db/versions/mitaka/contract/c2.py", Tree.migration("c2", "c1")));
        // Alembic fails on each of these: revchain must say so with an ERROR
        layout(
                "no script_location",
                t -> t.ini("alembic.ini", "[alembic]", "x = 1").mig("versions/a.py"));
        layout(
                "missing versions folder",
                t -> t.ini("alembic.ini", "[alembic]", "script_location = s").dir("s"));
        layout(
                "bad separator",
                t -> t.ini(
                                "alembic.ini",
                                "[alembic]",
                                "script_location = s",
                                "version_locations = a|b",
                                "version_path_separator = |")
                        .mig("a/x.py")
                        .dir("s"));
        layout(
                "newline separator",
                t -> t.ini(
                                "alembic.ini",
                                "[alembic]",
                                "script_location = s",
                                "version_locations =",
                                "  a",
                                "  b",
                                "version_path_separator = newline")
                        .mig("a/x.py")
                        .dir("s"));
        layout(
                "unescaped file_template",
                t -> t.ini("alembic.ini", "[alembic]", "script_location = s", "file_template = %(rev)s_%(slug)s")
                        .mig("s/versions/a.py"));
        layout(
                "folder named .py",
                t -> t.ini("alembic.ini", "[alembic]", "script_location = s")
                        .mig("s/versions/a.py")
                        .dir("s/versions/pkg.py"));
        layout(
                "no alembic section",
                t -> t.ini("alembic.ini", "[alembic:dev]", "script_location = s")
                        .mig("s/versions/a.py"));
        layout("missing script folder", t -> t.ini("alembic.ini", "[alembic]", "script_location = gone"));
    }

    @Test
    void discoveryListsExactlyWhatAlembicLoads() throws Exception {
        defineLayouts();
        // Given every layout on disk and revchain's view of it
        ArrayNode cases = JSON.createArrayNode();
        Map<String, ChainSource> ours = new LinkedHashMap<>();
        Map<String, Path> roots = new LinkedHashMap<>();
        int n = 0;
        for (var e : layouts.entrySet()) {
            Tree t = new Tree(Files.createDirectories(tmp.resolve("l" + n++)));
            e.getValue().accept(t);
            List<ChainSource> chains =
                    Discovery.discover(t.root, new ChainResolver.Options(List.of(), null, AlembicRelease.ORACLE));
            assertThat(chains).as(e.getKey()).isNotEmpty();
            for (ChainSource c : chains) {
                String id = e.getKey() + " @ " + c.label();
                ours.put(id, c);
                roots.put(id, t.root);
                ObjectNode cs = cases.addObject().put("id", id);
                boolean inferred = c.plan() != null
                        && !new LinkedHashSet<>(c.plan().folders())
                                .equals(new LinkedHashSet<>(c.plan().versionLocations()));
                if (inferred || c.name().contains("/")) {
                    // the project's own code passes these folders as version_locations: so does the oracle
                    cs.put("dir", t.root.toString());
                    ArrayNode v = cs.putArray("versions");
                    c.plan().folders().forEach(f -> v.add(t.root.resolve(f).toString()));
                } else if (c.iniFile() != null) {
                    cs.put("ini", c.iniFile().toString())
                            .put(
                                    "name",
                                    c.plan() == null || c.plan().section() == null
                                            ? "alembic"
                                            : c.plan().section())
                            .put("path", t.root.toString());
                } else {
                    Path dir = t.root.resolve(c.location());
                    cs.put("dir", dir.getParent().toString());
                    cs.putArray("versions").add(dir.toString());
                }
            }
        }
        // When real Alembic loads the same folders
        Map<String, JsonNode> alembic = runAlembic(cases);
        // Then there is no disagreement
        List<String> disagreements = new ArrayList<>();
        int compared = 0;
        int failing = 0;
        for (var e : ours.entrySet()) {
            String id = e.getKey();
            ChainSource c = e.getValue();
            JsonNode a = alembic.get(id);
            boolean weError = c.findings().stream().anyMatch(Finding::isError);
            if (!a.get("error").isNull()) {
                failing++;
                if (!weError) {
                    disagreements.add(
                            id + ": Alembic fails (" + a.get("error").asText() + ") but revchain has no ERROR");
                }
                continue;
            }
            compared++;
            List<String> theirs = new ArrayList<>();
            a.get("paths").forEach(p -> theirs.add(p.asText()));
            theirs.sort(PyNames.PYTHON_ORDER);
            List<String> mine = new ArrayList<>();
            c.files()
                    .forEach(f ->
                            mine.add(roots.get(id).resolve(f.path()).normalize().toString()));
            mine.sort(PyNames.PYTHON_ORDER);
            if (!theirs.equals(mine)) {
                disagreements.add(id + ": Alembic loads " + theirs + ", revchain lists " + mine);
            }
            List<String> theirReal = new ArrayList<>();
            a.get("real").forEach(p -> theirReal.add(p.asText()));
            List<String> myReal =
                    c.files().stream().map(f -> f.file().toString()).toList();
            if (!theirReal.stream()
                    .sorted()
                    .toList()
                    .equals(myReal.stream().sorted().toList())) {
                disagreements.add(id + ": real paths differ " + theirReal + " vs " + myReal);
            }
            long twice = 0;
            for (JsonNode w : a.get("warnings")) {
                twice += w.asText().contains("loaded twice") ? 1 : 0;
            }
            long dupes = c.findings().stream()
                    .filter(f -> f.check().equals(Check.DUPLICATE_FILE.wire()))
                    .count();
            if (twice != dupes) {
                disagreements.add(id + ": Alembic warns 'loaded twice' " + twice + " times, revchain " + dupes);
            }
            if (weError) {
                disagreements.add(id + ": Alembic loads it but revchain reports an ERROR " + c.findings());
            }
        }
        assertThat(disagreements).isEmpty();
        assertThat(compared).isGreaterThanOrEqualTo(22);
        assertThat(failing).isGreaterThanOrEqualTo(7);
        // the layouts real projects use resolve to the chains their teams run
        assertThat(ours.keySet())
                .contains(
                        "named sections, no script_location in [alembic] @ . [core]",
                        "named sections, no script_location in [alembic] @ . [tenant]",
                        "named sections beside [alembic] @ .",
                        "named sections beside [alembic] @ . [schema_private]",
                        "one sub-folder per dialect @ . [alembic/postgresql]",
                        "one sub-folder per dialect @ . [alembic/sqlite]",
                        "release folders with expand and contract @ .",
                        "no alembic section @ . [alembic:dev]");
        assertThat(ours.get("release folders with expand and contract @ .").files())
                .hasSize(5);
        assertThat(ours.get("package resource @ .").files()).hasSize(1);
        assertThat(ours.get("dotted package resource @ .").files()).hasSize(1);
    }

    private Map<String, JsonNode> runAlembic(ArrayNode cases) throws Exception {
        Path script = Path.of(getClass().getResource("/oracle/alembic_files.py").toURI());
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try (OutputStream in = p.getOutputStream()) {
            JSON.writeValue(in, cases);
        }
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        for (JsonNode r : JSON.readTree(out)) {
            byId.put(r.get("id").asText(), r);
        }
        assertThat(byId).hasSameSizeAs(cases);
        return byId;
    }
}
