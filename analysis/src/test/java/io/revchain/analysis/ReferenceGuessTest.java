package io.revchain.analysis;

import static io.revchain.analysis.Scripts.rev;
import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.analysis.ReferenceGuess.Evidence;
import io.revchain.analysis.ReferenceGuess.Guess;
import io.revchain.core.model.MigrationScript;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each rule of {@link ReferenceGuess}, and each case where it refuses, as one example. */
class ReferenceGuessTest {

    private static Optional<Guess> down(String path, String missing, MigrationScript... scripts) {
        return ReferenceGuess.of(RevisionGraph.of(List.of(scripts))).forDownRevision(path, missing);
    }

    @Test
    void theRevisesLineNamesTheTarget() {
        Optional<Guess> g = down(
                "versions/2.py",
                "001_init",
                rev("a").file("1.py").build(),
                rev("b").file("2.py").down("001_init").docRevises("a").build());

        assertThat(g).map(Guess::target).contains("a");
        assertThat(g).map(Guess::evidence).contains(Evidence.REVISES_LINE);
    }

    @Test
    void theRevisesLineNeverNamesTheFileItselfNorOneOfItsParents() {
        // Given Revises: names c itself and its existing parent a before the revision meant, b
        Optional<Guess> g = down(
                "versions/3.py",
                "zzzz",
                rev("a").file("1.py").build(),
                rev("b").file("2.py").down("a").build(),
                rev("c").file("3.py").down("a", "zzzz").docRevises("c, a, b").build());

        assertThat(g).map(Guess::target).contains("b");
    }

    @Test
    void aFileNameUsedAsAnIdNamesTheRevisionInside() {
        Optional<Guess> g = down(
                "versions/2_b.py",
                "1_add_users",
                rev("a1").file("1_add_users.py").build(),
                rev("b").file("2_b.py").down("1_add_users").docRevises("").build());

        assertThat(g).map(Guess::target).contains("a1");
        assertThat(g).map(Guess::evidence).contains(Evidence.FILE_NAME);
    }

    @Test
    void theFilesOwnNameIsNoGuess() {
        Optional<Guess> g = down(
                "versions/2_b.py",
                "2_b",
                rev("a").file("1.py").build(),
                rev("2_bx").file("2_b.py").down("2_b").docRevises("").build());

        assertThat(g).isEmpty();
    }

    @Test
    void theOnlyIdThatStartsWithTheMissingOneIsTheTarget() {
        Optional<Guess> g = down(
                "versions/2.py",
                "a1b2c3",
                rev("a1b2c3d4e5f6").file("1.py").build(),
                rev("b").file("2.py").down("a1b2c3").docRevises("").build());

        assertThat(g).map(Guess::target).contains("a1b2c3d4e5f6");
        assertThat(g).map(Guess::evidence).contains(Evidence.PREFIX);
    }

    @Test
    void aPrefixOfTheFilesOwnIdIsNoGuess() {
        Optional<Guess> g = down(
                "versions/2.py",
                "ffee9",
                rev("a").file("1.py").build(),
                rev("ffee99887766").file("2.py").down("ffee9").docRevises("").build());

        assertThat(g).isEmpty();
    }

    @Test
    void theClosestSpellingIsTheTargetWhenCloseEnough() {
        Optional<Guess> g = down(
                "versions/2.py",
                "a1b2c3d4e5f7",
                rev("a1b2c3d4e5f6").file("1.py").build(),
                rev("b").file("2.py").down("a1b2c3d4e5f7").docRevises("").build());

        assertThat(g).contains(new Guess("a1b2c3d4e5f6", "versions/1.py", Evidence.SPELLING, 1));
    }

    @Test
    void aTieInSpellingIsNoGuess() {
        Optional<Guess> g = down(
                "versions/3.py",
                "abcdef00000x",
                rev("abcdef000001").file("1.py").build(),
                rev("abcdef000002").file("2.py").build(),
                rev("c").file("3.py").down("abcdef00000x").docRevises("").build());

        assertThat(g).isEmpty();
    }

    @Test
    void aSpellingClosestToTheFilesOwnIdIsNoGuess() {
        Optional<Guess> g = down(
                "versions/2.py",
                "9876543210ax",
                rev("9876543210bb").file("1.py").build(),
                rev("9876543210aa")
                        .file("2.py")
                        .down("9876543210ax")
                        .docRevises("")
                        .build());

        assertThat(g).isEmpty();
    }

    @Test
    void aDistantSpellingIsNoGuess() {
        Optional<Guess> g = down(
                "versions/2.py",
                "zzzzzzzzzzzz",
                rev("a1b2c3d4e5f6").file("1.py").build(),
                rev("b").file("2.py").down("zzzzzzzzzzzz").docRevises("").build());

        assertThat(g).isEmpty();
    }

    @Test
    void pastTheBudgetSpellingsAreNotCompared() {
        List<MigrationScript> scripts = new ArrayList<>();
        scripts.add(rev("a1b2c3d4e5f6").file("0.py").build());
        for (int i = 0; i <= ReferenceGuess.NEAR_SPELLING_BUDGET; i++) {
            scripts.add(rev("r" + i)
                    .file(String.format("%04d.py", i + 1))
                    .down("a1b2c3d4e5f7")
                    .docRevises("")
                    .build());
        }
        ReferenceGuess guesses = ReferenceGuess.of(RevisionGraph.of(scripts));

        assertThat(guesses.forDownRevision("versions/0001.py", "a1b2c3d4e5f7")).isPresent();
        assertThat(guesses.forDownRevision(
                        String.format("versions/%04d.py", ReferenceGuess.NEAR_SPELLING_BUDGET + 1), "a1b2c3d4e5f7"))
                .isEmpty();
    }

    @Test
    void aDependsOnReferenceIsGuessedByNameAndSpelling() {
        ReferenceGuess guesses = ReferenceGuess.of(RevisionGraph.of(List.of(
                rev("a1b2c3d4e5f6").file("1.py").build(),
                rev("b").file("2.py").down("a1b2c3d4e5f6").deps("a1b2c3d4e5f7").build())));

        assertThat(guesses.forDependsOn("versions/2.py", "a1b2c3d4e5f7"))
                .map(Guess::target)
                .contains("a1b2c3d4e5f6");
        assertThat(guesses.forDownRevision("versions/2.py", "a1b2c3d4e5f7")).isEmpty();
    }
}
