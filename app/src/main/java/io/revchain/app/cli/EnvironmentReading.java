package io.revchain.app.cli;

import io.revchain.repair.planning.AppliedEnvironments;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * The bridge from {@code repair} (a short command, also in the slim jar) to the database reading of
 * {@code app.status.RepairEnvironments} (full jar only: JDBC drivers and JGit). Looked up by name so the slim jar
 * loads none of it; the launcher and {@code SlimMain} send a repair that reads databases to the full jar.
 */
final class EnvironmentReading {
    private EnvironmentReading() {}

    static final String READER = "io.revchain.app.status.RepairEnvironments";

    @SuppressWarnings("unchecked")
    static Function<String, AppliedEnvironments> read(
            Path path, List<String> urls, String credentials, int connectSeconds, int statementSeconds) {
        try {
            return (Function<String, AppliedEnvironments>) Class.forName(READER)
                    .getMethod("reader", Path.class, List.class, String.class, int.class, int.class)
                    .invoke(null, path, urls == null ? List.of() : urls, credentials, connectSeconds, statementSeconds);
        } catch (ClassNotFoundException | NoSuchMethodException | IllegalAccessException e) {
            throw new UserError("reading the environments' databases needs the full jar (revchain.jar); run "
                    + "'revchain repair' through the launcher, or plan without them (--no-environments)");
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
