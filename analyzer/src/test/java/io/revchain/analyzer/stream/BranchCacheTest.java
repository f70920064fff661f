package io.revchain.analyzer.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The parsed branches a stream task keeps ({@link BranchCache}). */
class BranchCacheTest {

    @Test
    void theLeastRecentlyUsedBranchesGoOnceTheFilesAreOverBudget() {
        BranchCache cache = new BranchCache(100);
        assertThat(cache.used("r@a", 40)).isEmpty();
        assertThat(cache.used("r@b", 40)).isEmpty();
        // a is used again: b is now the least recently used
        assertThat(cache.used("r@a", 40)).isEmpty();
        assertThat(cache.used("r@c", 40)).containsExactly("r@b");
        assertThat(cache.files()).isEqualTo(80);
        assertThat(cache.branches()).isEqualTo(2);
    }

    @Test
    void theBranchInUseStaysEvenWhenItAloneIsOverBudget() {
        BranchCache cache = new BranchCache(10);
        cache.used("r@a", 5);
        assertThat(cache.used("r@big", 500)).containsExactly("r@a");
        assertThat(cache.branches()).isEqualTo(1);
        assertThat(cache.files()).isEqualTo(500);
        // the next branch drops it in turn
        assertThat(cache.used("r@small", 1)).containsExactly("r@big");
    }

    @Test
    void aBranchThatGrowsIsCountedAnewAtItsNextUse() {
        BranchCache cache = new BranchCache(100);
        cache.used("r@a", 10);
        cache.used("r@b", 10);
        assertThat(cache.used("r@a", 95)).containsExactly("r@b");
        assertThat(cache.files()).isEqualTo(95);
    }

    @Test
    void aNoFileBudgetKeepsOnlyTheBranchInUse() {
        BranchCache cache = new BranchCache(0);
        cache.used("r@a", 3);
        assertThat(cache.used("r@b", 3)).containsExactly("r@a");
        assertThatThrownBy(() -> new BranchCache(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void seededUsesNeverKeepMoreThanTheBudgetBesideTheBranchInUse() {
        Random random = new Random(18);
        BranchCache cache = new BranchCache(1_000);
        Map<String, Integer> held = new HashMap<>();
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            String key = "r@" + random.nextInt(200);
            int files = 1 + random.nextInt(120);
            List<String> dropped = cache.used(key, files);
            assertThat(dropped).doesNotContain(key);
            dropped.forEach(held::remove);
            order.removeAll(dropped);
            held.put(key, files);
            order.remove(key);
            order.add(key);
            long total = held.values().stream().mapToLong(Integer::longValue).sum();
            assertThat(cache.files()).isEqualTo(total);
            assertThat(total - files).isLessThanOrEqualTo(1_000);
            // what was dropped was the least recently used: everything kept was used after it
            assertThat(cache.branches()).isEqualTo(order.size());
        }
    }
}
