package io.revchain.core.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revchain.core.model.Check;
import io.revchain.core.model.Docstring;
import io.revchain.core.model.Field;
import io.revchain.core.model.MigrationScript;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Compares {@link MigrationParser} with CPython's own reading of the same files ({@code migration_oracle.py}, run
 * once per folder by {@code /usr/bin/python3}). Test support; {@link #main} compares any folder of migrations.
 */
final class PythonOracle {
    static final String PYTHON = "/usr/bin/python3";
    private static final ObjectMapper JSON = new ObjectMapper();

    private PythonOracle() {}

    /** Runs the oracle on every file of {@code dir}; the result maps file name to CPython's reading. */
    static JsonNode run(Path dir) throws IOException, InterruptedException {
        Path script = Files.createTempFile("migration_oracle", ".py");
        try (InputStream in = PythonOracle.class.getResourceAsStream("/python/migration_oracle.py")) {
            Files.write(
                    script,
                    Objects.requireNonNull(in, "oracle script on the test classpath")
                            .readAllBytes());
        }
        Path out = Files.createTempFile("oracle", ".json");
        Path err = Files.createTempFile("oracle", ".err");
        try {
            Process p = new ProcessBuilder(PYTHON, script.toString(), dir.toString())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("python oracle timed out");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("python oracle failed: " + Files.readString(err));
            }
            return JSON.readTree(out.toFile());
        } finally {
            Files.deleteIfExists(script);
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Every disagreement between the parser and the oracle on the files of {@code dir}. */
    static List<String> disagreements(Path dir, MigrationParser parser) throws IOException, InterruptedException {
        JsonNode oracle = run(dir);
        List<String> problems = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                MigrationScript s = parser.parse(name, Files.readAllBytes(file));
                compare(name, s, oracle.get(name), problems);
            }
        }
        return problems;
    }

    static void compare(String name, MigrationScript s, JsonNode py, List<String> problems) {
        if (py == null || py.has("oracleError")) {
            problems.add(name + ": oracle "
                    + (py == null ? "missing" : py.get("oracleError").asText()));
            return;
        }
        boolean javaError = s.problems().stream().anyMatch(p -> p.check().equals(Check.UNPARSEABLE_FILE.wire()));
        if (py.has("error")) {
            if (!javaError) {
                problems.add(
                        name + ": python refuses the file (" + py.get("error").asText() + " line "
                                + py.get("line").asInt() + ") but the parser accepted it");
            }
            return;
        }
        if (javaError) {
            problems.add(name + ": parser reports " + s.problems() + " but python compiles the file");
            return;
        }
        JsonNode fields = py.get("fields");
        for (Field f : List.of(s.revision(), s.downRevision(), s.branchLabels(), s.dependsOn())) {
            JsonNode pf = fields.get(f.name());
            if (pf == null) {
                if (f.isPresent()) {
                    problems.add(name + ": " + f.name() + " absent for python, parser says " + f);
                }
                continue;
            }
            List<String> diffs = new ArrayList<>();
            check(diffs, "state", pf.get("state").asText(), f.state().name());
            check(diffs, "line", pf.get("line").asInt(), f.line());
            check(diffs, "start", pf.get("start").asInt(), f.start());
            check(diffs, "end", pf.get("end").asInt(), f.end());
            if (pf.get("state").asText().equals("LITERAL")) {
                List<String> values = new ArrayList<>();
                for (Iterator<JsonNode> it = pf.get("values").elements(); it.hasNext(); ) {
                    values.add(it.next().asText());
                }
                check(diffs, "values", values, f.values());
                check(diffs, "isNone", pf.path("isNone").asBoolean(false), f.isNone());
                check(diffs, "emptyString", pf.path("emptyString").asBoolean(false), f.emptyString());
            }
            if (!diffs.isEmpty()) {
                problems.add(name + ": " + f.name() + " " + diffs);
            }
        }
        JsonNode pd = py.get("doc");
        Docstring d = s.docstring();
        if (pd == null || pd.isNull()) {
            if (!d.equals(Docstring.NONE)) {
                problems.add(name + ": python sees no docstring, parser " + d);
            }
            return;
        }
        List<String> diffs = new ArrayList<>();
        check(diffs, "message", pd.get("message").asText(), d.message());
        check(diffs, "line", pd.get("line").asInt(), d.line());
        check(diffs, "start", pd.get("start").asInt(), d.start());
        check(diffs, "end", pd.get("end").asInt(), d.end());
        check(diffs, "revisionId", text(pd, "revisionId"), d.revisionId());
        check(diffs, "revisionIdLine", pd.path("revisionIdLine").asInt(0), d.revisionIdLine());
        check(diffs, "revises", text(pd, "revises"), d.revises());
        check(diffs, "revisesLine", pd.path("revisesLine").asInt(0), d.revisesLine());
        check(diffs, "createDate", text(pd, "createDate"), d.createDate());
        check(diffs, "createDateLine", pd.path("createDateLine").asInt(0), d.createDateLine());
        if (!diffs.isEmpty()) {
            problems.add(name + ": docstring " + diffs);
        }
    }

    private static String text(JsonNode n, String key) {
        return n.has(key) ? n.get(key).asText() : null;
    }

    private static void check(List<String> diffs, String what, Object python, Object java) {
        if (!Objects.equals(python, java)) {
            diffs.add(what + ": python=" + python + " parser=" + java);
        }
    }

    /** Compares a folder given on the command line and prints every disagreement. */
    public static void main(String[] args) throws Exception {
        List<String> problems = disagreements(Path.of(args[0]), new MigrationParser(null));
        problems.forEach(System.out::println);
        try (Stream<Path> files = Files.list(Path.of(args[0]))) {
            System.out.println(files.count() + " files, " + problems.size() + " disagreements");
        }
        System.out.flush();
    }
}
