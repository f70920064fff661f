package io.revchain.ingest.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.core.config.EnvironmentSpec;
import io.revchain.core.config.RepositorySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatabaseScheduleTest {

    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

    private static EnvironmentSpec env(String name, String url) {
        return new EnvironmentSpec(name, url, null, null, null, null);
    }

    private static RepositorySpec repo(String id, EnvironmentSpec... envs) {
        return RepositorySpec.of(id, "/srv/" + id).withEnvironments(List.of(envs));
    }

    private static List<String> keys(List<DatabaseSchedule.Target> ts) {
        return ts.stream().map(DatabaseSchedule.Target::key).toList();
    }

    @Test
    void theEnvironmentsOfTheRepositoriesOwnedAreDueAtOnceThenOneIntervalAfterEachRead() {
        DatabaseSchedule s = new DatabaseSchedule(Duration.ofMinutes(5));
        s.owned(List.of(repo("a", env("prod", "sqlite:////a-prod.db")), repo("b")), T0);
        List<DatabaseSchedule.Target> due = s.dueAt(T0);
        assertThat(keys(due)).containsExactly("a@prod");
        s.started(due.get(0));
        // never twice at once, however long the read takes
        assertThat(s.dueAt(T0.plusSeconds(3600))).isEmpty();
        s.finished(due.get(0), T0.plusSeconds(10));
        assertThat(s.dueAt(T0.plusSeconds(309))).isEmpty();
        assertThat(keys(s.dueAt(T0.plusSeconds(310)))).containsExactly("a@prod");
    }

    @Test
    void twoEnvironmentsOnOneDatabaseAreNeverReadAtOnce() {
        DatabaseSchedule s = new DatabaseSchedule(Duration.ofMinutes(5));
        String shared = "postgresql://deploy@db/core";
        s.owned(
                List.of(repo("a", env("prod", shared)), repo("b", env("prod", shared), env("qa", "sqlite:///q.db"))),
                T0);
        List<DatabaseSchedule.Target> first = s.dueAt(T0);
        // one of the two on the shared database, and the other database
        assertThat(first).hasSize(2);
        assertThat(first.stream().filter(t -> t.database().equals(shared))).hasSize(1);
        first.forEach(s::started);
        assertThat(s.dueAt(T0)).isEmpty();
        DatabaseSchedule.Target onShared = first.stream()
                .filter(t -> t.database().equals(shared))
                .findFirst()
                .orElseThrow();
        s.finished(onShared, T0.plusSeconds(1));
        // the shared database is free: its other environment may be read now
        assertThat(s.dueAt(T0.plusSeconds(1)))
                .hasSize(1)
                .allMatch(t -> t.database().equals(shared));
    }

    @Test
    void aRepositoryNoLongerOwnedIsNeverDueAndAnEditedEnvironmentIsDueAtOnce() {
        DatabaseSchedule s = new DatabaseSchedule(Duration.ofMinutes(5));
        s.owned(List.of(repo("a", env("prod", "sqlite:///p.db")), repo("b", env("qa", "sqlite:///q.db"))), T0);
        s.dueAt(T0).forEach(t -> {
            s.started(t);
            s.finished(t, T0);
        });
        // b is given up and a's prod now points elsewhere
        s.owned(List.of(repo("a", env("prod", "sqlite:///p2.db"))), T0.plusSeconds(5));
        assertThat(keys(s.dueAt(T0.plusSeconds(5)))).containsExactly("a@prod");
        assertThat(keys(s.targets())).containsExactly("a@prod");
        // the same configuration again changes nothing
        s.dueAt(T0.plusSeconds(5)).forEach(t -> {
            s.started(t);
            s.finished(t, T0.plusSeconds(6));
        });
        s.owned(List.of(repo("a", env("prod", "sqlite:///p2.db"))), T0.plusSeconds(7));
        assertThat(s.dueAt(T0.plusSeconds(7))).isEmpty();
    }

    @Test
    void anEnvironmentNotReadyStaysDueAndDoesNotHoldItsDatabase() {
        DatabaseSchedule s = new DatabaseSchedule(Duration.ofMinutes(5));
        String shared = "sqlite:////shared.db";
        s.owned(List.of(repo("a", env("prod", shared)), repo("b", env("prod", shared))), T0);
        // a's code is not read yet: b's environment on the same database is read meanwhile
        assertThat(keys(s.dueAt(T0, t -> !t.repo().equals("a")))).containsExactly("b@prod");
        // and a's is still due once ready
        assertThat(keys(s.dueAt(T0.plusSeconds(1)))).contains("a@prod");
    }
}
