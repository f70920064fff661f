package io.revchain.core.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.core.model.Docstring;
import io.revchain.core.model.Field;
import io.revchain.core.model.FieldState;
import io.revchain.core.model.Finding;
import io.revchain.core.model.MigrationScript;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChainLoaderTest {

    @TempDir
    Path tmp;

    /** A fake parser: the revision is the file's whole content. */
    private final List<String> parsed = new ArrayList<>();

    private final BiFunction<String, byte[], MigrationScript> fake = (path, bytes) -> {
        parsed.add(path);
        String rev = new String(bytes, StandardCharsets.UTF_8);
        return new MigrationScript(
                path,
                new Field("revision", FieldState.LITERAL, List.of(rev), 1, 0, 0, rev, false, false),
                Field.absent("down_revision"),
                Field.absent("branch_labels"),
                Field.absent("depends_on"),
                Docstring.NONE,
                false,
                List.of());
    };

    @Test
    void readsEveryFileAndKeepsDiscoveryFindings() throws IOException {
        // Given a chain with a discovery finding (a missing location)
        Tree t = new Tree(tmp)
                .ini("alembic.ini", "[alembic]", "script_location = s", "version_locations = v gone")
                .file("v/a.py", "aaa")
                .file("v/b.py", "bbb")
                .dir("s");
        ChainSource src = Discovery.discover(t.root).get(0);
        // When
        LoadedChain loaded = new ChainLoader(fake).load(src);
        // Then
        assertThat(loaded.source()).isSameAs(src);
        assertThat(loaded.scripts())
                .extracting(MigrationScript::path, MigrationScript::revisionId)
                .containsExactly(Tuple.tuple("v/a.py", "aaa"), Tuple.tuple("v/b.py", "bbb"));
        assertThat(loaded.findings()).isEqualTo(src.findings());
        assertThat(loaded.findings()).hasSize(1);
    }

    @Test
    void oversizedFileIsAFindingAndIsNotRead() throws IOException {
        Tree t = new Tree(tmp).mig("versions/a.py").file("versions/big.py", "down_revision" + "x".repeat(5000));
        ChainSource src = Discovery.discover(t.root).get(0);
        LoadedChain loaded = new ChainLoader(fake, 4096).load(src);
        assertThat(parsed).containsExactly("versions/a.py");
        assertThat(loaded.findings())
                .extracting(Tree::render)
                .containsExactly("unparseable-file error versions/big.py:0 "
                        + "versions/big.py is 5013 bytes, over the 4096 byte limit; it was not read");
    }

    @Test
    void defaultCapIsEightMebibytes() throws IOException {
        Tree t = new Tree(tmp).mig("versions/a.py");
        Path big = t.root.resolve("versions/huge.py");
        try (var ch = Files.newByteChannel(big, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            // a sparse 9 MiB file: cheap to create, never read
            ch.position(9L * 1024 * 1024 - 1).write(ByteBuffer.wrap(new byte[] {1}));
        }
        LoadedChain loaded =
                new ChainLoader(fake).load(Discovery.discover(t.root).get(0));
        assertThat(loaded.scripts()).hasSize(1);
        assertThat(loaded.findings())
                .extracting(Finding::message)
                .containsExactly("versions/huge.py is 9437184 bytes, over the 8388608 byte limit; it was not read");
    }

    @Test
    void fileGoneSinceDiscoveryIsAFinding() throws IOException {
        Tree t = new Tree(tmp).mig("versions/a.py").mig("versions/b.py");
        ChainSource src = Discovery.discover(t.root).get(0);
        Files.delete(t.root.resolve("versions/a.py"));
        LoadedChain loaded = new ChainLoader(fake).load(src);
        assertThat(loaded.scripts()).extracting(MigrationScript::path).containsExactly("versions/b.py");
        assertThat(loaded.findings()).singleElement().satisfies(f -> {
            assertThat(f.check()).isEqualTo("unparseable-file");
            assertThat(f.isError()).isTrue();
            assertThat(f.file()).isEqualTo("versions/a.py");
            assertThat(f.message()).startsWith("versions/a.py cannot be read: NoSuchFileException");
        });
    }

    @Test
    void aFileSwappedForASymlinkAfterDiscoveryIsNotFollowed() throws IOException {
        Path outside =
                Files.writeString(Files.createDirectories(tmp.resolve("out")).resolve("s.py"), "secret");
        Tree t = new Tree(Files.createDirectories(tmp.resolve("repo")))
                .mig("versions/a.py")
                .mig("versions/b.py");
        ChainSource src = Discovery.discover(t.root).get(0);
        Path a = t.root.resolve("versions/a.py");
        Files.delete(a);
        Files.createSymbolicLink(a, outside);
        LoadedChain loaded = new ChainLoader(fake).load(src);
        assertThat(parsed).containsExactly("versions/b.py");
        assertThat(loaded.findings()).extracting(Finding::file).containsExactly("versions/a.py");
    }
}
