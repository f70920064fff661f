package io.revchain.app.status;

import io.revchain.analysis.deploy.Retired;
import io.revchain.deployments.Timeouts;
import io.revchain.repair.planning.AppliedEnvironments;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What {@code revchain repair} plans around: each environment's rows, read as {@code revchain status} reads them
 * ({@link StatusRunner}: {@code --db} URLs, else {@code .revchain.yaml}'s environments), grouped by the chain each
 * database runs, with what git history says of every applied id the code lost and of its lost parents. A database
 * that could not be read, or whose chain could not be chosen, is unreadable for every chain: nobody knows what it
 * applied. Full jar only (JDBC drivers, JGit).
 */
public final class RepairEnvironments {

    /** How many lost parents are looked up behind one lost applied id (a hostile history may loop). */
    static final int HISTORY_LOOKUPS = 100;

    private final List<EnvironmentStatus> statuses;
    private final Map<String, Retired> history;

    private RepairEnvironments(List<EnvironmentStatus> statuses, Map<String, Retired> history) {
        this.statuses = List.copyOf(statuses);
        this.history = Map.copyOf(history);
    }

    /** Reads every database of {@code path} (see {@link StatusRunner}) and what history says of lost ids. */
    public static RepairEnvironments read(Path path, StatusRunner.Options options, Function<String, String> env) {
        Function<Path, Function<String, Optional<Retired>>> lookup = GitRetired::lookup;
        StatusResult result = new StatusRunner(env, lookup).status(path, options);
        Function<String, Optional<Retired>> past = lookup.apply(path);
        Map<String, Retired> history = new LinkedHashMap<>();
        for (EnvironmentStatus s : result.environments()) {
            if (s.state() == null) {
                continue;
            }
            Deque<String> todo = new ArrayDeque<>(s.state().unknown());
            int lookups = 0;
            while (!todo.isEmpty() && lookups++ < HISTORY_LOOKUPS) {
                String id = todo.pop();
                if (history.containsKey(id)) {
                    continue;
                }
                past.apply(id).ifPresent(r -> {
                    history.put(id, r);
                    todo.addAll(r.downRevisions());
                });
            }
        }
        return new RepairEnvironments(result.environments(), history);
    }

    /**
     * What {@code revchain repair} calls (by name, from {@code app.cli.EnvironmentReading}): reads the databases
     * once and gives each chain its planning input.
     */
    public static Function<String, AppliedEnvironments> reader(
            Path path, List<String> urls, String credentials, int connectSeconds, int statementSeconds) {
        Timeouts timeouts = new Timeouts(
                Duration.ofSeconds(connectSeconds),
                Duration.ofSeconds(statementSeconds + 5L),
                Duration.ofSeconds(statementSeconds));
        RepairEnvironments read =
                read(path, new StatusRunner.Options(urls, credentials, null, null, null, timeouts), System::getenv);
        return read::forChain;
    }

    /** The statuses as read, in order. */
    public List<EnvironmentStatus> statuses() {
        return statuses;
    }

    /** The planning input of the chain named {@code chain}. */
    public AppliedEnvironments forChain(String chain) {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        Map<String, String> unreadable = new LinkedHashMap<>();
        for (EnvironmentStatus s : statuses) {
            if (s.state() != null && chain.equals(s.chain())) {
                rows.put(s.name(), s.state().rows());
            } else if (s.state() == null && (s.chain() == null || chain.equals(s.chain()))) {
                unreadable.put(s.name(), s.stateName() + ": " + s.message());
            }
        }
        return new AppliedEnvironments(rows, unreadable, history);
    }
}
