package io.revchain.core.tree;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {
    @TempDir
    Path tmp;

    @Test
    void deletesTheWholeTreeAndAMissingOneIsAlreadyDeleted() throws IOException {
        Path root = tmp.resolve("scratch");
        Files.createDirectories(root.resolve("a/b/c"));
        Files.writeString(root.resolve("a/b/c/x.py"), "x");
        Files.writeString(root.resolve("top.txt"), "t");
        FileTrees.delete(root);
        assertThat(root).doesNotExist();
        FileTrees.delete(root);
        FileTrees.delete(null);
        FileTrees.deleteQuietly(root);
    }

    @Test
    void neverFollowsALinkOutOfTheTree() throws IOException {
        // Given a tree holding links to a folder and to a file outside it
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("keep.txt"), "k");
        Path root = Files.createDirectories(tmp.resolve("tree"));
        // links work on every machine this runs on (Linux); a failure to make one fails the test, never skips it
        Files.createSymbolicLink(root.resolve("dir-link"), outside);
        Files.createSymbolicLink(root.resolve("file-link"), outside.resolve("keep.txt"));
        // When the tree is deleted, and then a link given as the root
        FileTrees.delete(root);
        Path rootLink = Files.createSymbolicLink(tmp.resolve("root-link"), outside);
        FileTrees.delete(rootLink);
        // Then the links are gone and what they pointed at is not
        assertThat(root).doesNotExist();
        assertThat(Files.exists(rootLink, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(outside.resolve("keep.txt")).hasContent("k");
    }
}
