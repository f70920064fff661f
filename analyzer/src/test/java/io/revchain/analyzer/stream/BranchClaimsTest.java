package io.revchain.analyzer.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.analyzer.stream.BranchClaims.Declaration;
import io.revchain.event.RevisionClaim;
import io.revchain.testkit.Gen;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a branch's commit tells the organisation view ({@link BranchClaims}). */
class BranchClaimsTest {

    private static final Declaration A = new Declaration("aaaaaaaaaaaa", "blob1");
    private static final Declaration B = new Declaration("bbbbbbbbbbbb", "blob2");

    private static List<String> shape(List<RevisionClaim> claims) {
        return claims.stream()
                .map(c -> (c.present() ? "+" : "-") + c.revision() + "@" + c.path())
                .toList();
    }

    @Test
    void nothingChangedTellsNothing() {
        assertThat(BranchClaims.diff("r", "main", Map.of("v/a.py", A), Map.of("v/a.py", A)))
                .isEmpty();
    }

    @Test
    void newDeclarationsComeBeforeWithdrawnOnesSoARenameNeverHidesACollision() {
        // Given a file renamed (withdrawn at its old path) and another file edited to declare a new id
        List<RevisionClaim> claims = BranchClaims.diff(
                "r",
                "main",
                Map.of("v/a.py", A, "v/x.py", B),
                Map.of("v/b.py", A, "v/x.py", new Declaration("cccccccccccc", "blob3")));

        // Then every new declaration, in path order, precedes every withdrawn one
        assertThat(shape(claims))
                .containsExactly(
                        "+aaaaaaaaaaaa@v/b.py", "+cccccccccccc@v/x.py", "-aaaaaaaaaaaa@v/a.py", "-bbbbbbbbbbbb@v/x.py");
        assertThat(claims.get(0).repo()).isEqualTo("r");
        assertThat(claims.get(0).branch()).isEqualTo("main");
        assertThat(claims.get(0).blob()).isEqualTo("blob1");
    }

    @Test
    void theSameIdAtANewBlobIsTheOldClaimWithdrawnAndTheNewOneMade() {
        List<RevisionClaim> claims = BranchClaims.diff(
                "r", "main", Map.of("v/a.py", A), Map.of("v/a.py", new Declaration(A.revision(), "blob9")));
        assertThat(claims)
                .extracting(RevisionClaim::blob, RevisionClaim::present)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("blob9", true),
                        org.assertj.core.groups.Tuple.tuple("blob1", false));
    }

    @Test
    void aFileDeclaringNoIdDeclaresNothing() {
        assertThat(BranchClaims.of(Gen.script("v/a.py", "", List.of(), "m", true), "b"))
                .isNull();
        assertThat(BranchClaims.of(null, "b")).isNull();
        assertThat(BranchClaims.of(Gen.script("v/a.py", "abc", List.of(), "m", true), null))
                .isEqualTo(new Declaration("abc", null));
    }
}
