package io.revchain.analysis.incremental;

import io.revchain.core.model.MigrationScript;
import io.revchain.core.model.Policy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One branch's migration chains, as {@code revchain check} separates them: one {@link IncrementalChain} per chain
 * name (an ini section, a stated chain, a sub-folder that is a chain of its own), each analysed alone and graded by
 * its own policy, so two chains with one head each are never {@code multiple-heads}.
 *
 * <p>It decides:
 * <ul>
 *   <li>which chain holds a file: the one its latest event named; a file named for another chain moves there (a
 *   path is in one chain at a time);</li>
 *   <li>which policy grades a chain: the one the latest {@link #layout} gave it, else the default policy; a chain
 *   whose policy changes is rebuilt from its files ({@link IncrementalChain#withPolicy});</li>
 *   <li>which chains an analysis lists: every chain of the layout in its order (an empty one too, as {@code check}
 *   lists it), then any other chain that holds files, in the order they appeared. Before any layout is known only
 *   chains that hold files are listed.</li>
 * </ul>
 * Not thread-safe: one owner at a time.
 */
public final class ChainSet {

    /** The chain of a file whose event names none: Alembic's plain layout. */
    public static final String DEFAULT = "alembic";

    /** One chain's analysis. */
    public record Analysed(String name, IncrementalChain.Result result) {}

    private final Policy defaultPolicy;
    private final Map<String, IncrementalChain> chains = new LinkedHashMap<>();
    private Map<String, Policy> layout;

    /** @param defaultPolicy grades a chain no layout names (the repository's policy) */
    public ChainSet(Policy defaultPolicy) {
        this.defaultPolicy = defaultPolicy == null ? Policy.alembic() : defaultPolicy;
    }

    /** Adds or replaces the file at {@code path} in {@code chain} ({@code null}: {@value #DEFAULT}). */
    public void put(String chain, String path, MigrationScript script) {
        IncrementalChain target = chain(chain == null ? DEFAULT : chain);
        IncrementalChain owner = owner(path);
        if (owner != null && owner != target) {
            owner.remove(path);
        }
        target.put(path, script);
    }

    /** Removes the file at {@code path} from whichever chain holds it (nothing when none does). */
    public void remove(String path) {
        IncrementalChain owner = owner(path);
        if (owner != null) {
            owner.remove(path);
        }
    }

    /** Moves the file from {@code oldPath} to {@code path} in {@code chain}, with its (possibly edited) content. */
    public void rename(String oldPath, String chain, String path, MigrationScript script) {
        remove(oldPath);
        put(chain, path, script);
    }

    /** The chain holding {@code path}, {@code null} when none does. */
    public String chainOf(String path) {
        for (Map.Entry<String, IncrementalChain> e : chains.entrySet()) {
            if (e.getValue().contains(path)) {
                return e.getKey();
            }
        }
        return null;
    }

    /** How many files the chains hold together. */
    public int size() {
        int n = 0;
        for (IncrementalChain c : chains.values()) {
            n += c.size();
        }
        return n;
    }

    /**
     * The branch's chains as ingest resolved them: names in order, each with its policy. A chain whose policy differs
     * from the one it was built with is rebuilt; a chain not named keeps its policy.
     */
    public void layout(Map<String, Policy> policies) {
        Map<String, Policy> copy = new LinkedHashMap<>();
        policies.forEach((name, p) -> copy.put(Objects.requireNonNull(name, "name"), p == null ? defaultPolicy : p));
        layout = copy;
        for (Map.Entry<String, IncrementalChain> e : chains.entrySet()) {
            Policy p = copy.get(e.getKey());
            if (p != null && !p.equals(e.getValue().policy())) {
                e.setValue(e.getValue().withPolicy(p));
            }
        }
    }

    /** The policy that grades {@code chain}: the layout's, else the default. */
    public Policy policy(String chain) {
        Policy p = layout == null ? null : layout.get(chain);
        return p == null ? defaultPolicy : p;
    }

    /** The scripts of the chain {@code name} (empty when the branch has none in it). */
    public List<MigrationScript> scripts(String name) {
        IncrementalChain c = chains.get(name);
        return c == null ? List.of() : c.scripts();
    }

    /** The chain names an analysis lists, in order (see the class comment). */
    public List<String> names() {
        List<String> out = new ArrayList<>();
        if (layout != null) {
            out.addAll(layout.keySet());
        }
        for (Map.Entry<String, IncrementalChain> e : chains.entrySet()) {
            if (e.getValue().size() > 0 && !out.contains(e.getKey())) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    /** Analyses every chain {@link #names()} lists, each alone. */
    public List<Analysed> analyze() {
        List<Analysed> out = new ArrayList<>();
        for (String name : names()) {
            out.add(new Analysed(name, chain(name).analyze()));
        }
        return out;
    }

    private IncrementalChain chain(String name) {
        return chains.computeIfAbsent(name, n -> new IncrementalChain(policy(n)));
    }

    private IncrementalChain owner(String path) {
        for (IncrementalChain c : chains.values()) {
            if (c.contains(path)) {
                return c;
            }
        }
        return null;
    }
}
