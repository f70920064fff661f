package io.revchain.ingest.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.core.config.RepositorySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which repositories an instance owns and when each is polled, without a broker. */
class OwnershipTest {

    private static final Instant T0 = Instant.parse("2026-12-05T12:00:00Z");

    private static RepositorySpec repo(String id) {
        return RepositorySpec.of(id, "/srv/git/" + id + ".git");
    }

    @Test
    void aPartitionsRepositoriesArePollableOnlyOnceItIsReadToItsEnd() {
        // Given partitions 0 and 2 assigned, each with a repository read from its beginning
        Ownership o = new Ownership();
        o.assigned(List.of(0, 2));
        assertThat(o.record(0, "a", repo("a"))).isEqualTo(Ownership.Change.ADDED);
        assertThat(o.record(2, "b", repo("b"))).isEqualTo(Ownership.Change.ADDED);
        // a later tombstone in the same partition: "b" must never be polled on the strength of its older record
        assertThat(o.record(2, "b", null)).isEqualTo(Ownership.Change.REMOVED);

        // Then nothing is pollable while the partitions load
        assertThat(o.pollable()).isEmpty();
        assertThat(o.loading()).containsExactlyInAnyOrder(0, 2);

        // When partition 0 is caught up, its repositories are; partition 2's still are not
        o.caughtUp(0);
        assertThat(o.pollable()).containsOnlyKeys("a");
        o.caughtUp(2);
        assertThat(o.pollable()).containsOnlyKeys("a");
        assertThat(o.pollable("b")).isFalse();
    }

    @Test
    void recordsSayWhetherARepositoryIsNewEditedUnchangedOrRemoved() {
        Ownership o = new Ownership();
        o.assigned(List.of(1));
        o.caughtUp(1);
        assertThat(o.record(1, "a", repo("a"))).isEqualTo(Ownership.Change.ADDED);
        assertThat(o.record(1, "a", repo("a"))).isEqualTo(Ownership.Change.UNCHANGED);
        assertThat(o.record(1, "a", repo("a").withBranches(List.of("main", "release"))))
                .isEqualTo(Ownership.Change.EDITED);
        assertThat(o.spec("a").orElseThrow().watched().branches()).containsExactly("main", "release");
        assertThat(o.record(1, "a", null)).isEqualTo(Ownership.Change.REMOVED);
        assertThat(o.record(1, "a", null)).isEqualTo(Ownership.Change.IGNORED);
        // a record of a partition this instance does not own changes nothing
        assertThat(o.record(0, "x", repo("x"))).isEqualTo(Ownership.Change.IGNORED);
        assertThat(o.pollable()).isEmpty();
    }

    @Test
    void aRevocationNamesTheRepositoriesLostAndKeepsTheRest() {
        Ownership o = new Ownership();
        o.assigned(List.of(0, 1));
        o.record(0, "a", repo("a"));
        o.record(1, "b", repo("b"));
        o.record(1, "c", repo("c"));
        o.caughtUp(0);
        o.caughtUp(1);

        // When partition 1 is revoked (a cooperative rebalance moves it to another instance)
        List<String> lost = o.revoked(List.of(1));

        // Then its repositories are named and no longer owned, and partition 0 is untouched
        assertThat(lost).containsExactlyInAnyOrder("b", "c");
        assertThat(o.pollable()).containsOnlyKeys("a");
        assertThat(o.partitions()).isEqualTo(Set.of(0));

        // And when it comes back it is read again from its beginning before anything is polled
        o.assigned(List.of(1));
        o.record(1, "b", repo("b"));
        assertThat(o.pollable()).containsOnlyKeys("a");
        o.caughtUp(1);
        assertThat(o.pollable()).containsOnlyKeys("a", "b");
    }

    @Test
    void aRepositoryIsNeverDueTwiceAtOnceAndAPushDuringAPollMakesItDueRightAfter() {
        PollSchedule s = new PollSchedule(Duration.ofSeconds(60));
        s.due("a", T0);
        s.due("b", T0.plusSeconds(1));
        assertThat(s.dueAt(T0)).containsExactly("a");
        assertThat(s.dueAt(T0.plusSeconds(1))).containsExactly("a", "b");

        // When "a" is being polled it is not due, whatever the clock says
        s.started("a");
        assertThat(s.dueAt(T0.plusSeconds(100))).containsExactly("b");
        assertThat(s.inFlight("a")).isTrue();

        // And a push for it while in flight makes it due the moment the poll ends, not an interval later
        assertThat(s.trigger("a", T0.plusSeconds(2))).isTrue();
        s.finished("a", T0.plusSeconds(3));
        assertThat(s.dueAt(T0.plusSeconds(3))).contains("a");

        // Then after a poll without a push, it is due one interval later
        s.started("a");
        s.finished("a", T0.plusSeconds(4));
        assertThat(s.dueAt(T0.plusSeconds(63))).doesNotContain("a");
        assertThat(s.dueAt(T0.plusSeconds(64))).contains("a");

        // And a push while idle makes it due at once
        s.started("a");
        s.finished("a", T0.plusSeconds(5));
        s.trigger("a", T0.plusSeconds(6));
        assertThat(s.dueAt(T0.plusSeconds(6))).contains("a");
    }

    @Test
    void aRemovedRepositoryIsNeverDueAgainEvenWhenItsPollEndsLater() {
        PollSchedule s = new PollSchedule(Duration.ofSeconds(60));
        s.due("a", T0);
        s.started("a");
        s.remove("a");
        s.finished("a", T0.plusSeconds(1));
        assertThat(s.dueAt(T0.plusSeconds(1000))).isEmpty();
        assertThat(s.contains("a")).isFalse();
        // a push for a repository not owned here is not taken
        assertThat(s.trigger("a", T0)).isFalse();
        assertThat(s.trigger("unknown", T0)).isFalse();
    }
}
