package io.revchain.analyzer.stream;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which branches a stream task keeps parsed in memory: the most recently used ones, up to a budget of files, so an
 * analyzer's heap is set by its configuration, not by the size of the fleet. The state itself is in RocksDB; a branch
 * dropped here is rebuilt from the scripts store at its next event (a cache miss).
 *
 * <p>Weights are the files a branch held when last used: a branch that grows is counted anew at its next use. Not
 * thread-safe: one stream task owns it.
 */
final class BranchCache {
    private final long maxFiles;
    /** Branch key → files, least recently used first. */
    private final LinkedHashMap<String, Integer> weights = new LinkedHashMap<>(64, 0.75f, true);

    private long total;

    /** @param maxFiles the files kept in memory at most, beside the branch in use (which is never dropped) */
    BranchCache(long maxFiles) {
        if (maxFiles < 0) {
            throw new IllegalArgumentException("cache of " + maxFiles + " files");
        }
        this.maxFiles = maxFiles;
    }

    /**
     * Records a use of {@code key}, which holds {@code files} files now.
     *
     * @return the branches to drop, least recently used first: never {@code key}
     */
    List<String> used(String key, int files) {
        Integer was = weights.put(key, files);
        total += files - (was == null ? 0 : was);
        if (total <= maxFiles) {
            return List.of();
        }
        List<String> dropped = new ArrayList<>();
        Iterator<Map.Entry<String, Integer>> it = weights.entrySet().iterator();
        while (total > maxFiles && it.hasNext()) {
            Map.Entry<String, Integer> e = it.next();
            if (e.getKey().equals(key)) {
                // the branch in use was the last entry: everything else is gone
                break;
            }
            total -= e.getValue();
            it.remove();
            dropped.add(e.getKey());
        }
        return dropped;
    }

    /** The branches held. */
    int branches() {
        return weights.size();
    }

    /** The files held, as last counted. */
    long files() {
        return total;
    }

    void clear() {
        weights.clear();
        total = 0;
    }
}
