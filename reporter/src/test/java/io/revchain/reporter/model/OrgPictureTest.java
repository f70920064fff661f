package io.revchain.reporter.model;

import static io.revchain.reporter.Reports.finding;
import static io.revchain.reporter.Reports.healthy;
import static io.revchain.reporter.Reports.missingHash;
import static io.revchain.reporter.Reports.proposal;
import static io.revchain.reporter.Reports.report;
import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.core.model.Check;
import io.revchain.core.model.Finding;
import io.revchain.core.model.Severity;
import io.revchain.event.ChainHealth;
import io.revchain.event.EventJson;
import io.revchain.event.HealthReport;
import io.revchain.event.HealthStatus;
import io.revchain.reporter.Reports;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class OrgPictureTest {

    @Test
    void n_repositories_with_m_unhealthy_give_exact_counts_and_share() {
        // Given 20 repositories: 5 unhealthy, 3 with warnings, 12 healthy
        OrgPicture p = new OrgPicture();
        for (int i = 0; i < 20; i++) {
            HealthReport r = i < 5
                    ? report("r" + i, 4, List.of(finding(Check.CYCLE.wire(), Severity.ERROR, "a.py")))
                    : i < 8
                            ? report("r" + i, 4, List.of(finding(Check.MULTIPLE_HEADS.wire(), Severity.WARNING, null)))
                            : healthy("r" + i, 4);
            p.health(r.key(), r);
        }

        // When
        OrgView v = p.view();

        // Then: a warning is not healthy
        assertThat(v.repos()).isEqualTo(20);
        assertThat(v.repos(HealthStatus.UNHEALTHY)).isEqualTo(5);
        assertThat(v.repos(HealthStatus.WARNING)).isEqualTo(3);
        assertThat(v.repos(HealthStatus.HEALTHY)).isEqualTo(12);
        assertThat(v.repos(HealthStatus.UNAVAILABLE)).isZero();
        assertThat(v.healthyShare()).isEqualTo(0.6);
        assertThat(v.findingsByCheck())
                .containsExactly(Map.entry(Check.CYCLE.wire(), 5L), Map.entry(Check.MULTIPLE_HEADS.wire(), 3L));
        assertThat(v.rows()).hasSize(20).extracting(RepoView::key).isSorted();
        assertThat(v.revisions()).isEqualTo(80);
        assertThat(v.constitutionalCompliance()).isEqualTo(1.0);
    }

    @Test
    void merge_previews_are_open_collisions_per_repository_not_branches() {
        // Given two healthy repositories; a has a colliding candidate with a pushed rebase and a clean candidate,
        // b has a colliding candidate with no proposal yet
        OrgPicture p = new OrgPicture();
        p.health(null, healthy("a", 3));
        p.health(null, healthy("b", 3));
        p.health(null, Reports.collision("a", "feature-y"));
        p.proposal(null, Reports.rebase("a", "feature-y"));
        p.health(null, Reports.cleanPreview("a", "feature-z"));
        p.health(null, Reports.collision("b", "feature-q"));

        // When
        OrgView v = p.view();

        // Then the previews are no branch: both repositories stay healthy and the counts see only main
        assertThat(v.rows()).extracting(RepoView::key).containsExactly("a@main", "b@main");
        assertThat(v.repos(HealthStatus.HEALTHY)).isEqualTo(2);
        assertThat(v.findingsByCheck()).isEmpty();
        assertThat(v.revisions()).isEqualTo(6);
        // and the two colliding candidates are listed per repository, the clean one is not
        assertThat(v.collisionsByRepo()).containsOnlyKeys("a", "b");
        CollisionView a = v.collisionsByRepo().get("a").get(0);
        assertThat(v.collisionsByRepo().get("a")).hasSize(1);
        assertThat(a.key()).isEqualTo("a@feature-y");
        assertThat(a.candidate()).isEqualTo("feature-y");
        assertThat(a.target()).isEqualTo("main");
        assertThat(a.candidateCommit()).isEqualTo("cafe9");
        assertThat(a.targetCommit()).isEqualTo("beef01");
        assertThat(a.status()).isEqualTo(HealthStatus.UNHEALTHY);
        assertThat(a.revisions()).containsExactly("003y", "003x");
        assertThat(a.findings()).extracting(Finding::check).containsExactly(Check.MULTIPLE_HEADS_AFTER_MERGE.wire());
        assertThat(a.proposal().strategy()).isEqualTo("rebase");
        assertThat(a.fixBranch()).isEqualTo("revchain/rebase-feature-y-0a1b2c3d");
        CollisionView b = v.collisionsByRepo().get("b").get(0);
        assertThat(b.proposal()).isNull();
        assertThat(b.fixBranch()).isNull();

        // When the rebased candidate's preview turns clean and its proposal is tombstoned
        p.health(null, Reports.cleanPreview("a", "feature-y"));
        p.proposal("a@feature-y", null);

        // Then only b's collision is open
        assertThat(p.view().collisions()).extracting(CollisionView::key).containsExactly("b@feature-q");
    }

    @Test
    void constitutional_compliance_counts_distinct_files_lacking_the_hash_over_all_revisions() {
        // Given 40 revisions in three repositories, 6 files without the hash, one of them reported twice
        OrgPicture p = new OrgPicture();
        List<Finding> a = new ArrayList<>(missingHash(4));
        a.add(finding(Check.MISSING_CONSTITUTIONAL_HASH.wire(), Severity.ERROR, "versions/m0.py"));
        p.health(null, report("a", 20, a));
        p.health(null, report("b", 10, missingHash(2)));
        p.health(null, healthy("c", 10));

        // When
        OrgView v = p.view();

        // Then (40 - 6) / 40
        assertThat(v.revisions()).isEqualTo(40);
        assertThat(v.missingHash()).isEqualTo(6);
        assertThat(v.constitutionalCompliance()).isEqualTo(34.0 / 40.0);
        assertThat(v.findingsByCheck()).containsEntry(Check.MISSING_CONSTITUTIONAL_HASH.wire(), 7L);
        assertThat(v.rows())
                .filteredOn(r -> r.repo().equals("a"))
                .singleElement()
                .satisfies(r -> assertThat(r.missingHashFiles()).isEqualTo(4));
    }

    @Test
    void a_branch_with_more_missing_hash_files_than_revisions_counts_zero_not_negative() {
        // Given an unparseable chain: 1 revision read, 3 files lacking the hash
        OrgPicture p = new OrgPicture();
        p.health(null, report("a", 1, missingHash(3)));
        p.health(null, healthy("b", 3));

        // Then 3 of 4 revisions carry the hash (b's), a contributes none
        assertThat(p.view().constitutionalCompliance()).isEqualTo(0.75);
    }

    @Test
    void a_repository_takes_the_worst_status_of_its_branches() {
        // Given one repository healthy on main and unhealthy on develop, another only healthy
        OrgPicture p = new OrgPicture();
        p.health(null, report("a", "main", 3, List.of(), Reports.T0));
        p.health(
                null,
                report("a", "develop", 3, List.of(finding(Check.CYCLE.wire(), Severity.ERROR, "x.py")), Reports.T0));
        p.health(null, healthy("b", 2));

        // Then three rows, two repositories, one of them unhealthy
        OrgView v = p.view();
        assertThat(v.rows()).extracting(RepoView::key).containsExactly("a@develop", "a@main", "b@main");
        assertThat(v.repos()).isEqualTo(2);
        assertThat(v.repos(HealthStatus.UNHEALTHY)).isEqualTo(1);
        assertThat(v.healthyShare()).isEqualTo(0.5);
        assertThat(OrgPicture.worse(HealthStatus.UNHEALTHY, HealthStatus.UNAVAILABLE))
                .isEqualTo(HealthStatus.UNAVAILABLE);
        assertThat(OrgPicture.worse(HealthStatus.WARNING, HealthStatus.HEALTHY)).isEqualTo(HealthStatus.WARNING);
    }

    @Test
    void a_newer_report_replaces_the_older_and_a_tombstone_removes_the_branch() {
        OrgPicture p = new OrgPicture();
        p.health(null, report("a", 3, List.of(finding(Check.CYCLE.wire(), Severity.ERROR, "x.py"))));
        p.health(null, healthy("b", 2));

        // When a is repaired and b's report is deleted
        p.health("a@main", healthy("a", 4));
        p.health("b@main", null);

        // Then
        OrgView v = p.view();
        assertThat(v.rows()).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("a@main");
            assertThat(r.status()).isEqualTo(HealthStatus.HEALTHY);
            assertThat(r.revisions()).isEqualTo(4);
        });
        assertThat(v.findingsByCheck()).isEmpty();
        assertThat(v.healthyShare()).isEqualTo(1.0);
    }

    @Test
    void proposals_join_their_branch_and_a_tombstone_closes_them() {
        OrgPicture p = new OrgPicture();
        p.health(null, report("a", 3, List.of(finding(Check.MULTIPLE_HEADS.wire(), Severity.ERROR, null))));
        p.proposal(null, proposal("a", "main"));
        p.proposal(null, proposal("z", "main"));

        OrgView before = p.view();
        assertThat(before.openProposals()).isEqualTo(2);
        assertThat(before.rows())
                .singleElement()
                .satisfies(r -> assertThat(r.proposal().fixBranch()).isEqualTo("revchain/fix-main-1a2b3c4"));

        // When the repairer publishes tombstones
        p.proposal("a@main", null);
        p.proposal("z@main", null);

        OrgView after = p.view();
        assertThat(after.openProposals()).isZero();
        assertThat(after.rows())
                .singleElement()
                .satisfies(r -> assertThat(r.proposal()).isNull());
    }

    @Test
    void nothing_reported_means_nothing_measured() {
        OrgView v = new OrgPicture().view();
        assertThat(v.repos()).isZero();
        assertThat(v.healthyShare()).isNaN();
        assertThat(v.constitutionalCompliance()).isNaN();
        assertThat(v.reposByStatus())
                .hasSize(HealthStatus.values().length)
                .allSatisfy((s, n) -> assertThat(n).isZero());
        // a tombstone for a branch never seen changes nothing
        OrgPicture p = new OrgPicture();
        p.health("x@main", null);
        p.proposal("x@main", null);
        assertThat(p.view()).isEqualTo(OrgView.empty());
    }

    @Test
    void a_branch_with_several_chains_shows_each_chains_heads_and_status_and_one_chain_shows_none() throws Exception {
        // Given a branch with two chains (two ini sections), one head each, and a single-chain branch
        OrgPicture p = new OrgPicture();
        HealthReport two = new HealthReport(
                        "multi",
                        "main",
                        "c0ffee",
                        4,
                        List.of("c2", "t2"),
                        List.of("c1", "t1"),
                        List.of(finding(Check.MULTIPLE_HEADS.wire(), Severity.WARNING, null)),
                        HealthStatus.WARNING,
                        Reports.T0,
                        Reports.T0,
                        Reports.T0)
                .withChains(List.of(
                        new ChainHealth("core", 2, List.of("c2"), List.of("c1"), HealthStatus.HEALTHY, 0, 0, 0),
                        new ChainHealth("tenant", 2, List.of("t2"), List.of("t1"), HealthStatus.WARNING, 0, 1, 0)));
        p.health(null, two);
        p.health(null, healthy("single", 3));

        // When
        OrgView v = p.view();

        // Then the multi-chain row carries its chains, the single-chain row none
        RepoView multi = v.rows().get(0);
        assertThat(multi.chains())
                .extracting(ChainHealth::name, ChainHealth::heads, ChainHealth::status)
                .containsExactly(
                        Tuple.tuple("core", List.of("c2"), HealthStatus.HEALTHY),
                        Tuple.tuple("tenant", List.of("t2"), HealthStatus.WARNING));
        assertThat(multi.heads()).containsExactly("c2", "t2");
        assertThat(v.rows().get(1).chains()).isNull();
        // and the JSON API (the dashboard's source) writes them only where there are several
        var json = EventJson.mapper().readTree(EventJson.mapper().writeValueAsBytes(v.rows()));
        assertThat(json.get(0).get("chains").get(1).get("name").asText()).isEqualTo("tenant");
        assertThat(json.get(0).get("chains").get(1).get("heads").get(0).asText())
                .isEqualTo("t2");
        assertThat(json.get(0).get("chains").get(1).get("status").asText()).isEqualTo("warning");
        assertThat(json.get(1).has("chains")).isFalse();
    }
}
