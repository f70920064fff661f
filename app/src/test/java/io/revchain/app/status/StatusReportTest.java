package io.revchain.app.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revchain.analysis.deploy.AppliedState;
import io.revchain.app.format.OutputFormat;
import io.revchain.deployments.VersionRead;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusReportTest {

    private static EnvironmentStatus read(
            String name, AppliedState.Kind kind, List<String> rows, List<String> pending) {
        AppliedState s = new AppliedState(kind, rows, pending, List.of(), List.of(), List.of("d4"), "why " + name);
        return new EnvironmentStatus(
                name, "sqlite:///" + name + ".db", "alembic", "alembic_version", null, null, s, List.of());
    }

    private static EnvironmentStatus unread(String name) {
        return new EnvironmentStatus(
                name,
                "postgresql://h/" + name,
                "alembic",
                "alembic_version",
                VersionRead.Problem.UNREACHABLE,
                "Connection refused",
                null,
                List.of());
    }

    @Test
    void brokenOutranksUnreadWhichOutranksBehindWhichOutranksAtHead() {
        EnvironmentStatus head = read("prod", AppliedState.Kind.AT_HEAD, List.of("d4"), List.of());
        EnvironmentStatus behind = read("staging", AppliedState.Kind.BEHIND, List.of("b2"), List.of("c3", "d4"));
        EnvironmentStatus merged = read("qa", AppliedState.Kind.MERGED_HEADS, List.of("b2", "c3"), List.of("m4"));
        EnvironmentStatus broken = read("eu", AppliedState.Kind.UNKNOWN_REVISION, List.of("x5"), List.of());

        assertThat(new StatusResult(".", List.of(head)).exitCode()).isZero();
        assertThat(new StatusResult(".", List.of(head, behind, merged)).exitCode())
                .isEqualTo(3);
        assertThat(new StatusResult(".", List.of(head, behind, unread("old"))).exitCode())
                .isEqualTo(2);
        assertThat(new StatusResult(".", List.of(unread("old"), broken, behind)).exitCode())
                .isEqualTo(1);
    }

    @Test
    void textEscapesWhatADatabaseOrRepositoryWroteAndJsonKeepsItExact() throws Exception {
        String hostile = "x5\u001b[2J\u202e";
        EnvironmentStatus broken = read("eu", AppliedState.Kind.UNKNOWN_REVISION, List.of(hostile), List.of());
        StatusResult r = new StatusResult(".", List.of(broken, unread("old")));

        String text = StatusReport.render(r, OutputFormat.text);
        JsonNode json = new ObjectMapper().readTree(StatusReport.render(r, OutputFormat.json));

        assertThat(text).doesNotContain("\u001b").doesNotContain("\u202e").contains("eu  UNKNOWN REVISION");
        assertThat(text).contains("old  UNREACHABLE").contains("Connection refused");
        assertThat(json.at("/environments/0/applied/0").asText()).isEqualTo(hostile);
        assertThat(json.at("/environments/1/state").asText()).isEqualTo("unreachable");
        assertThat(json.at("/environments/1/verdict").asText()).isEqualTo("unread");
        assertThat(json.get("exit").asInt()).isEqualTo(1);
    }

    @Test
    void sarifAndAnnotationsCarryOnlyDatabasesThatAreNotAtHead() throws Exception {
        StatusResult r = new StatusResult(
                ".",
                List.of(
                        read("prod", AppliedState.Kind.AT_HEAD, List.of("d4"), List.of()),
                        read("staging", AppliedState.Kind.BEHIND, List.of("b2"), List.of("c3", "d4"))));

        JsonNode sarif = new ObjectMapper().readTree(StatusReport.render(r, OutputFormat.sarif));
        String github = StatusReport.render(r, OutputFormat.github);

        assertThat(sarif.at("/runs/0/results").size()).isEqualTo(1);
        assertThat(sarif.at("/runs/0/results/0/ruleId").asText()).isEqualTo("database-behind");
        assertThat(sarif.at("/runs/0/results/0/level").asText()).isEqualTo("warning");
        assertThat(github)
                .startsWith("::warning title=revchain status::staging: behind by 2")
                .doesNotContain("prod");
    }
}
