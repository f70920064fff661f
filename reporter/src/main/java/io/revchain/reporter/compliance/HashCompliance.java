package io.revchain.reporter.compliance;

import io.revchain.reporter.model.OrgView;
import io.revchain.reporter.model.RepoView;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Constitutional compliance under the policy that asks for it: migrations carrying the hash over all migrations,
 * organisation-wide and per repository, counting only repositories the policy applies to. A repository's figure is
 * the sum over its branches (a migration present on two branches counts twice, as two files an auditor would read).
 *
 * @param migrations migrations in the repositories the hash applies to
 * @param carrying   of those, migrations carrying the hash
 * @param byRepo     per repository the hash applies to: its share, 0..1 ({@code NaN} without a migration)
 */
public record HashCompliance(long migrations, long carrying, Map<String, Double> byRepo) {

    public HashCompliance {
        byRepo = Collections.unmodifiableMap(new TreeMap<>(byRepo));
    }

    /** The compliance of {@code view}'s repositories for which {@code appliesTo} holds. */
    public static HashCompliance of(OrgView view, Predicate<String> appliesTo) {
        Map<String, long[]> counts = new TreeMap<>();
        for (RepoView r : view.rows()) {
            if (appliesTo.test(r.repo())) {
                long[] c = counts.computeIfAbsent(r.repo(), k -> new long[2]);
                c[0] += r.revisions();
                c[1] += r.carryingHash();
            }
        }
        long migrations = 0;
        long carrying = 0;
        Map<String, Double> byRepo = new TreeMap<>();
        for (Map.Entry<String, long[]> e : counts.entrySet()) {
            migrations += e.getValue()[0];
            carrying += e.getValue()[1];
            byRepo.put(e.getKey(), ratio(e.getValue()[1], e.getValue()[0]));
        }
        return new HashCompliance(migrations, carrying, byRepo);
    }

    /** Carrying over all migrations, 0..1, or {@code NaN} without a migration. */
    public double share() {
        return ratio(carrying, migrations);
    }

    private static double ratio(long part, long whole) {
        return whole == 0 ? Double.NaN : (double) part / whole;
    }
}
