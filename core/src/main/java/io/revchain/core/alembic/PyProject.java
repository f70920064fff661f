package io.revchain.core.alembic;

import java.util.Map;

/** PLACEHOLDER until the releases branch lands. */
public final class PyProject {
    private PyProject() {}

    public static PyProject parse(String path, String text) {
        return new PyProject();
    }

    public Map<String, Object> toolAlembic() {
        return Map.of();
    }

    public String problem() {
        return null;
    }
}
