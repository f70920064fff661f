package io.revchain.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revchain.core.alembic.PyProject;
import io.revchain.core.tree.DiskTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;

/**
 * Decides where a repository's settings come from: {@value RepoConfig#FILE_NAME}, or the {@code [tool.revchain]}
 * table of {@code pyproject.toml} (the same keys, as TOML). When both exist {@value RepoConfig#FILE_NAME} wins and the
 * table is not read; {@link Found#note()} says so. The table is checked by the same rules as the YAML file; a problem
 * is reported at the table's header line.
 */
public final class RepoConfigFiles {
    public static final String PYPROJECT = "pyproject.toml";
    public static final String TABLE = "tool.revchain";

    /** Made on the first {@code [tool.revchain]} table: an ObjectMapper's set-up is a tenth of a cold check. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private RepoConfigFiles() {}

    /**
     * The settings in force and where they came from.
     *
     * @param source the file they were read from ({@code pyproject.toml [tool.revchain]}), {@code null} for none
     * @param note   what was ignored and why, {@code null} when nothing was
     */
    public record Found(RepoConfig config, String source, String note) {}

    /** The settings of the repository (or folder) {@code folder}. */
    public static Found find(Path folder) throws ConfigException {
        Path yaml = folder.resolve(RepoConfig.FILE_NAME);
        boolean hasYaml = Files.exists(yaml, LinkOption.NOFOLLOW_LINKS);
        String pyText = Files.isRegularFile(folder.resolve(PYPROJECT), LinkOption.NOFOLLOW_LINKS)
                ? read(folder, folder.resolve(PYPROJECT).toString())
                : null;
        // a TOML problem elsewhere in a file that never names our table stays Alembic's business
        boolean hasTable = pyText != null
                && (pyText.contains(TABLE) || (pyText.contains("[tool]") && pyText.contains("revchain")));
        if (hasYaml) {
            RepoConfig c = RepoConfig.load(yaml);
            String note = hasTable && PyProject.parse(PYPROJECT, pyText).tool("revchain") != null
                    ? "[" + TABLE + "] in " + PYPROJECT + " is ignored: " + RepoConfig.FILE_NAME + " is read instead"
                    : null;
            return new Found(c, RepoConfig.FILE_NAME, note);
        }
        if (hasTable) {
            RepoConfig c = fromPyProject(folder.resolve(PYPROJECT).toString(), pyText);
            if (c != null) {
                return new Found(c, PYPROJECT + " [" + TABLE + "]", null);
            }
        }
        return new Found(RepoConfig.DEFAULTS, null, null);
    }

    /**
     * The settings in the {@code [tool.revchain]} table of a {@code pyproject.toml}'s text; {@code null} when it has
     * none.
     *
     * @throws ConfigException when the file is not TOML, the key is not a table, or a setting is invalid
     */
    public static RepoConfig fromPyProject(String name, String text) throws ConfigException {
        PyProject py = PyProject.parse(name, text);
        if (py.problem().isPresent() && !py.problem().get().contains("tool.alembic")) {
            throw new ConfigException(
                    name, 0, 0, "cannot be read as TOML (" + py.problem().get() + ")");
        }
        Object table = py.tool("revchain");
        if (table == null) {
            return null;
        }
        int line = headerLine(text);
        if (!(table instanceof Map)) {
            throw new ConfigException(name, line, 1, TABLE + " must be a table of settings");
        }
        String json;
        try {
            json = Json.MAPPER.writeValueAsString(table);
        } catch (JsonProcessingException e) {
            throw new ConfigException(name, line, 1, "[" + TABLE + "] cannot be read");
        }
        try {
            return RepoConfig.parse(name, json);
        } catch (ConfigException e) {
            // the table went through JSON: its own line and column mean nothing, the table's header does
            throw new ConfigException(name, line, 1, "[" + TABLE + "]: " + e.problem());
        }
    }

    private static int headerLine(String text) {
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            String s = lines[i].strip();
            if (s.startsWith("[tool.revchain") || s.startsWith("revchain") && s.contains("=")) {
                return i + 1;
            }
        }
        return 1;
    }

    private static String read(Path folder, String name) throws ConfigException {
        DiskTree tree;
        try {
            tree = new DiskTree(folder.toAbsolutePath().normalize());
        } catch (IOException e) {
            throw new ConfigException(name, 0, 0, "cannot be read (its folder cannot be resolved)");
        }
        DiskTree.Read r = tree.readChecked(PYPROJECT, StrictYaml.MAX_BYTES);
        if (!r.ok()) {
            // a pyproject.toml revchain cannot read is Alembic's business; it configures nothing here
            return null;
        }
        return new String(r.bytes(), StandardCharsets.UTF_8);
    }
}
