package io.revchain.core.adoption;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.core.model.Finding;
import io.revchain.core.model.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeadLockTest {

    @Test
    void aWrittenHeadFileIsCurrentForTheHeadsItWasWrittenFor() {
        String text = HeadLock.render(List.of("b2", "a1"));
        assertThat(text).endsWith("\na1\nb2\n").startsWith("# ");
        assertThat(HeadLock.heads(text)).containsExactly("a1", "b2");
        assertThat(HeadLock.check("v/.revchain-head", text, List.of("b2", "a1")))
                .isEmpty();
    }

    @Test
    void aHeadFileNamingAnOlderHeadIsStaleAndSaysToRunLock() {
        // Given a head file written when b2 was the head, and a chain whose head is now c3
        String text = HeadLock.render(List.of("b2"));

        // Then the check fails on the line naming b2, and says what to run
        Finding f = HeadLock.check("v/.revchain-head", text, List.of("c3")).orElseThrow();
        assertThat(f.check()).isEqualTo("stale-head-lock");
        assertThat(f.severity()).isEqualTo(Severity.ERROR);
        assertThat(f.line()).isEqualTo(3);
        assertThat(f.revisions()).containsExactly("c3");
        assertThat(f.message())
                .isEqualTo("v/.revchain-head names head(s) b2 but the chain's head(s) are c3: run 'revchain lock' "
                        + "after adding or merging a migration, and commit the file");
    }

    @Test
    void conflictMarkersLeftInTheFileAreReportedAsSuch() {
        String text = HeadLock.HEADER + "<<<<<<< HEAD\nc3\n=======\nd4\n>>>>>>> feature\n";
        Finding f =
                HeadLock.check("v/.revchain-head", text, List.of("c3", "d4")).orElseThrow();
        assertThat(f.line()).isEqualTo(3);
        assertThat(f.message()).contains("conflict markers").contains("revchain lock");
        assertThat(HeadLock.heads(text)).containsExactly("c3", "d4");
    }

    @Test
    void anEmptyHeadFileIsStaleForAChainWithAHead() {
        assertThat(HeadLock.check("h", "", List.of("a1")))
                .hasValueSatisfying(f -> assertThat(f.message()).contains("names head(s) (none)"));
    }
}
