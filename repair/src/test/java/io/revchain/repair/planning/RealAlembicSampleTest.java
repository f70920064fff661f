package io.revchain.repair.planning;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revchain.analysis.ChainAnalysis;
import io.revchain.core.model.Policy;
import io.revchain.core.model.Strategy;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sample of generated broken folders, repaired and written to disk with {@link PlanWriter}, then checked with
 * real Alembic 1.8.1 ({@code heads} and {@code history} exit 0; one head after {@code linearize}; the heads revchain
 * predicts after {@code merge}). One Python process serves the whole sample.
 */
@Tag("oracle")
class RealAlembicSampleTest {

    static final int SAMPLE = Integer.getInteger("revchain.alembicSample", 30);

    @TempDir
    Path tmp;

    @Test
    void repairedFoldersLoadInRealAlembic() throws Exception {
        Map<String, String> expectation = new HashMap<>();
        List<String> inis = new ArrayList<>();
        for (int i = 0; i < SAMPLE; i++) {
            for (Strategy s : Strategy.values()) {
                long seed = RepairPropertiesTest.BASE + 500_000 + i;
                Policy policy = s == Strategy.LINEARIZE ? Policy.acgs2() : Policy.alembic();
                List<SourceText> files = BrokenFolders.generate(seed);
                Path root = tmp.resolve(s.label() + "-" + seed);
                Path versions = root.resolve("mig").resolve(BrokenFolders.LOCATION);
                Files.createDirectories(versions);
                Files.writeString(root.resolve("alembic.ini"), "[alembic]\nscript_location = %(here)s/mig\n");
                for (SourceText f : files) {
                    Files.write(root.resolve("mig").resolve(f.path()), f.bytes());
                }
                RepairRequest req =
                        RepairRequest.of(files, BrokenFolders.LOCATION, policy).withStrategy(s);
                RepairPlan plan = new RepairPlanner().plan(req);
                assertThat(plan.verified()).as("seed " + seed + " " + s).isTrue();
                PlanWriter.write(root.resolve("mig"), req.versionLocations(), plan.changes());
                ChainAnalysis predicted =
                        RepairPropertiesTest.analyse(BrokenFolders.apply(files, plan.changes()), policy);
                String ini = root.resolve("alembic.ini").toString();
                inis.add(ini);
                expectation.put(ini, "seed " + seed + " " + s.label() + " heads " + predicted.heads());
            }
        }
        Path script = tmp.resolve("alembic_heads_history.py");
        try (InputStream in = Objects.requireNonNull(getClass().getResourceAsStream("/alembic_heads_history.py"))) {
            Files.copy(in, script);
        }
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", script.toString()));
        cmd.addAll(inis);
        Process p = new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        List<String> lines = out.lines().toList();
        assertThat(lines).hasSize(inis.size());
        ObjectMapper json = new ObjectMapper();
        for (String line : lines) {
            JsonNode r = json.readTree(line);
            String at = expectation.get(r.get("ini").asText());
            assertThat(r.at("/heads/exit").asInt())
                    .as(at + " heads: " + r.at("/heads/err").asText())
                    .isZero();
            assertThat(r.at("/history/exit").asInt())
                    .as(at + " history: " + r.at("/history/err").asText())
                    .isZero();
            List<String> heads = r.at("/heads/out")
                    .asText()
                    .lines()
                    .map(l -> l.split(" ")[0])
                    .toList();
            assertThat(at).contains("heads " + heads);
            if (at.contains(" linearize ")) {
                assertThat(heads).as(at).hasSize(1);
            }
        }
    }
}
