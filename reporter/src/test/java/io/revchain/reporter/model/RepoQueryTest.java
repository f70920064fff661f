package io.revchain.reporter.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.revchain.core.model.Check;
import io.revchain.core.model.Finding;
import io.revchain.core.model.Severity;
import io.revchain.event.HealthReport;
import io.revchain.event.HealthStatus;
import io.revchain.reporter.Reports;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RepoQueryTest {

    static List<Finding> errors(int n) {
        List<Finding> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Reports.finding(Check.CYCLE.wire(), Severity.ERROR, "v/" + i + ".py"));
        }
        return out;
    }

    static Finding warning() {
        return Reports.finding(Check.MULTIPLE_HEADS.wire(), Severity.WARNING, null);
    }

    /** 1,000 repositories: every 10th broken with 1..7 errors, every 10th+1 a warning, every 50th+2 unavailable. */
    static List<RepoView> org() {
        OrgPicture p = new OrgPicture();
        for (int i = 0; i < 1000; i++) {
            String repo = String.format(Locale.ROOT, "repo-%04d", i);
            HealthReport r;
            if (i % 50 == 2) {
                r = HealthReport.unreachable(repo, "main", Reports.T0);
            } else if (i % 10 == 0) {
                r = Reports.report(repo, 3, errors(1 + (i / 10) % 7));
            } else if (i % 10 == 1) {
                r = Reports.report(repo, 3, List.of(warning()));
            } else {
                r = Reports.healthy(repo, 3);
            }
            p.health(r.key(), r);
        }
        List<RepoView> rows = new ArrayList<>(p.view().rows());
        // the input order does not matter
        Collections.shuffle(rows, new Random(7));
        return rows;
    }

    @Test
    void severity_order_is_broken_unavailable_warning_healthy_then_errors_findings_name() {
        RepoPage page = new RepoQuery(Set.of(), "", 1, 500).apply(org());
        List<RepoView> rows = page.rows();
        assertThat(rows.get(0).status()).isEqualTo(HealthStatus.UNHEALTHY);
        assertThat(RepoQuery.errors(rows.get(0))).isEqualTo(7);
        // within the broken: errors descending, then name ascending
        for (int i = 1; i < 100; i++) {
            RepoView a = rows.get(i - 1);
            RepoView b = rows.get(i);
            assertThat(RepoQuery.errors(a) > RepoQuery.errors(b)
                            || RepoQuery.errors(a) == RepoQuery.errors(b)
                                    && a.repo().compareTo(b.repo()) < 0)
                    .as("%s before %s", a.key(), b.key())
                    .isTrue();
        }
        assertThat(rows.subList(100, 120)).allMatch(r -> r.status() == HealthStatus.UNAVAILABLE);
        assertThat(rows.subList(120, 220)).allMatch(r -> r.status() == HealthStatus.WARNING);
        assertThat(rows.get(220).status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(rows.get(220).repo()).isEqualTo("repo-0003");
    }

    @Test
    void pages_split_the_matching_rows_and_a_page_past_the_end_gives_the_last() {
        List<RepoView> org = org();
        RepoPage first = new RepoQuery(Set.of(), "", 1, 50).apply(org);
        assertThat(first.pages()).isEqualTo(20);
        assertThat(first.total()).isEqualTo(1000);
        assertThat(first.matched()).isEqualTo(1000);
        assertThat(first.rows()).hasSize(50);
        assertThat(first.byStatus())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        HealthStatus.UNHEALTHY, 100,
                        HealthStatus.WARNING, 100,
                        HealthStatus.UNAVAILABLE, 20,
                        HealthStatus.HEALTHY, 780));

        RepoPage last = new RepoQuery(Set.of(), "", 99, 300).apply(org);
        assertThat(last.page()).isEqualTo(4);
        assertThat(last.pages()).isEqualTo(4);
        assertThat(last.rows()).hasSize(100);
        assertThat(last.rows().get(99).repo()).isEqualTo("repo-0999");

        // every row is on exactly one page
        List<String> all = new ArrayList<>();
        for (int p = 1; p <= 7; p++) {
            new RepoQuery(Set.of(), "", p, 150).apply(org).rows().forEach(r -> all.add(r.key()));
        }
        assertThat(all).hasSize(1000).doesNotHaveDuplicates();
    }

    @Test
    void filters_by_status_and_by_a_case_insensitive_part_of_the_name() {
        List<RepoView> org = org();
        RepoPage broken =
                RepoQuery.parse(Map.of("status", "unhealthy", "size", "30")).apply(org);
        assertThat(broken.matched()).isEqualTo(100);
        assertThat(broken.pages()).isEqualTo(4);
        assertThat(broken.rows()).allMatch(r -> r.status() == HealthStatus.UNHEALTHY);

        RepoPage text = RepoQuery.parse(Map.of("q", "  REPO-012 ")).apply(org);
        assertThat(text.rows())
                .extracting(RepoView::repo)
                .containsExactly(
                        "repo-0120",
                        "repo-0121",
                        "repo-0122",
                        "repo-0123",
                        "repo-0124",
                        "repo-0125",
                        "repo-0126",
                        "repo-0127",
                        "repo-0128",
                        "repo-0129");

        RepoPage notHealthy = RepoQuery.parse(Map.of("status", "warning,unavailable", "q", "@main"))
                .apply(org);
        assertThat(notHealthy.matched()).isEqualTo(120);

        RepoPage none = RepoQuery.parse(Map.of("q", "nothing-like-this")).apply(org);
        assertThat(none.rows()).isEmpty();
        assertThat(none.pages()).isEqualTo(1);
        assertThat(none.page()).isEqualTo(1);
        assertThat(RepoQuery.parse(Map.of("status", "all")).statuses()).isEmpty();
    }

    @Test
    void a_wrong_parameter_is_named_in_one_line() {
        assertThatThrownBy(() -> RepoQuery.parse(Map.of("page", "two")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("page must be a whole number: 'two'");
        assertThatThrownBy(() -> RepoQuery.parse(Map.of("page", "0"))).hasMessage("page must be 1 or more: 0");
        assertThatThrownBy(() -> RepoQuery.parse(Map.of("size", "5000")))
                .hasMessage("size must be between 1 and 500: 5000");
        assertThatThrownBy(() -> RepoQuery.parse(Map.of("status", "broken")))
                .hasMessage("status must be all or one or more of healthy, warning, unhealthy, unavailable: 'broken'");
        assertThatThrownBy(() -> RepoQuery.parse(Map.of("q", "x".repeat(201))))
                .hasMessage("the filter q is longer than 200 characters");
    }

    @Test
    void the_page_counts_branches_with_a_live_proposal() {
        OrgPicture p = new OrgPicture();
        p.health("a@main", Reports.report("a", 3, errors(1)));
        p.health("b@main", Reports.healthy("b", 3));
        p.proposal("a@main", Reports.proposal("a", "main"));
        assertThat(RepoQuery.all().apply(p.view().rows()).proposed()).isEqualTo(1);
    }
}
