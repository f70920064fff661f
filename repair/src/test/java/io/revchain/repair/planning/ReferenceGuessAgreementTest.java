package io.revchain.repair.planning;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.analysis.RevisionGraph;
import io.revchain.analysis.RevisionNode;
import io.revchain.core.model.Check;
import io.revchain.core.model.Finding;
import io.revchain.core.model.MigrationScript;
import io.revchain.core.model.Policy;
import io.revchain.core.parse.MigrationParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The finding's "did you mean" and the planner's re-pointing agree for every broken reference of thousands of
 * generated broken folders (seeded: {@code -Drevchain.seed=N} replays; every assertion names the seed). The
 * folders of {@link BrokenFolders} are mutated further so that every rule of the guess, and every case where the
 * two old rules disagreed, occurs: Revises: lines naming the file itself, one of its parents or another revision;
 * file names, the file's own among them, and id prefixes used as down_revision.
 */
class ReferenceGuessAgreementTest {

    private static final Pattern MISSING = Pattern.compile("down_revision '([^']*)'");
    private static final Pattern MEANT = Pattern.compile("did you mean '([^']*)'");
    private static final Pattern TYPO =
            Pattern.compile("down_revision '([^']*)' names no revision; it is a typo of '([^']*)'");

    /** A broken reference: the file and the value that names nothing. */
    private record Ref(String file, String missing) {}

    @Test
    void theFindingsSuggestionIsTheFixsTargetForEveryBrokenReference() {
        int named = 0;
        int refused = 0;
        int repointed = 0;
        for (int i = 0; i < RepairPropertiesTest.FOLDERS; i++) {
            long seed = RepairPropertiesTest.BASE + 500_000 + i;
            List<SourceText> files = mutate(BrokenFolders.generate(seed), new Random(seed));
            RepairRequest req = RepairRequest.of(files, BrokenFolders.LOCATION, Policy.acgs2());
            String at = "seed " + seed;

            // Given what each finding suggests
            Map<Ref, String> suggested = new HashMap<>();
            for (Finding f : RepairPropertiesTest.analyse(files, Policy.acgs2()).findings()) {
                if (f.is(Check.MISSING_DOWN_REVISION) && f.file() != null) {
                    Matcher m = MISSING.matcher(f.message());
                    assertThat(m.find()).as(at + " " + f.message()).isTrue();
                    Matcher s = MEANT.matcher(f.message());
                    suggested.put(new Ref(f.file(), m.group(1)), s.find() ? s.group(1) : null);
                }
            }

            // When the planner decides each broken reference after the fixes it makes first
            PlanningContext ctx = new PlanningContext("", req);
            DuplicateIds.apply(ctx);
            LabelConflicts.apply(ctx);
            ParentCleanup.apply(ctx);
            RevisionGraph g = ctx.graph();
            Map<String, RevisionNode> live = new LinkedHashMap<>();
            g.revisionIds().forEach(id -> live.put(id, g.node(id).orElseThrow()));
            for (RevisionNode n : live.values()) {
                for (String d : n.downRevisions()) {
                    if (live.containsKey(d)) {
                        continue;
                    }
                    Ref ref = new Ref(n.path(), d);
                    ReferenceRepointing.Repoint to = ReferenceRepointing.guess(ctx, d, n, live);

                    // Then it re-points exactly where the finding pointed, and refuses where the finding did
                    assertThat(suggested).as(at + " finding for " + ref).containsKey(ref);
                    assertThat(to == null ? null : to.target())
                            .as(at + " " + ref)
                            .isEqualTo(suggested.get(ref));
                    assertThat(to == null || !to.target().equals(n.id()))
                            .as(at + " " + ref)
                            .isTrue();
                    if (to == null) {
                        refused++;
                    } else {
                        named++;
                    }
                }
            }

            // and the plan's own words say the same
            for (RepairAction a : new RepairPlanner().plan(req).actions()) {
                Matcher m = TYPO.matcher(a.reason());
                if (a.kind() == ActionKind.SET_DOWN_REVISION && m.find()) {
                    assertThat(m.group(2)).as(at + " " + a).isEqualTo(suggested.get(new Ref(a.file(), m.group(1))));
                    repointed++;
                }
            }
        }
        // the folders really exercised both sides
        assertThat(named).isGreaterThan(RepairPropertiesTest.FOLDERS / 4);
        assertThat(refused).isGreaterThan(RepairPropertiesTest.FOLDERS / 4);
        assertThat(repointed).isGreaterThan(RepairPropertiesTest.FOLDERS / 10);
    }

    /** Rewrites some Revises: lines and down_revision values into the cases the rules tell apart. */
    static List<SourceText> mutate(List<SourceText> files, Random rnd) {
        MigrationParser parser = new MigrationParser(Policy.CONSTITUTIONAL_HASH);
        List<String> ids = new ArrayList<>();
        List<String> stems = new ArrayList<>();
        for (SourceText s : files) {
            MigrationScript m = parser.parse(s.path(), s.bytes());
            if (m.revisionId() != null) {
                ids.add(m.revisionId());
            }
            stems.add(m.fileName().replaceFirst("\\.py$", ""));
        }
        List<SourceText> out = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            SourceText s = files.get(i);
            String text = new String(s.bytes(), StandardCharsets.UTF_8);
            MigrationScript m = parser.parse(s.path(), s.bytes());
            int k = rnd.nextInt(12);
            if (k < 2 && !ids.isEmpty()) {
                // the Revises: line names another revision, the file itself, or one of its parents
                String named = k == 0 || m.downRevisions().isEmpty()
                        ? ids.get(rnd.nextInt(ids.size()))
                        : m.downRevisions().get(0);
                text = text.replaceFirst(
                        "(?m)^Revises: .*$", "Revises: " + named + (rnd.nextBoolean() ? "" : ", " + m.revisionId()));
            } else if (k == 2) {
                // a file name used as an id (sometimes the file's own)
                text = setDown(text, rnd.nextInt(4) == 0 ? stems.get(i) : stems.get(rnd.nextInt(stems.size())));
            } else if (k == 3 && !ids.isEmpty()) {
                // a shortened id (sometimes of the file itself)
                String id = rnd.nextInt(4) == 0 && m.revisionId() != null
                        ? m.revisionId()
                        : ids.get(rnd.nextInt(ids.size()));
                if (id.length() > 5) {
                    text = setDown(text, id.substring(0, 4 + rnd.nextInt(id.length() - 5)));
                }
            } else if (k == 4 && m.revisionId() != null && m.revisionId().length() > 2) {
                // a near spelling of the file's own id
                String id = m.revisionId();
                text = setDown(text, id.substring(0, id.length() - 1) + (id.endsWith("q") ? "r" : "q"));
            }
            out.add(new SourceText(s.path(), text.getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    private static String setDown(String text, String value) {
        return text.replaceFirst("(?m)^(down_revision[^=\\n]*= ).*$", "$1'" + Matcher.quoteReplacement(value) + "'");
    }
}
