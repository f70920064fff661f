package io.revchain.repair.planning;

import io.revchain.analysis.ChainAnalysis;
import io.revchain.core.discovery.ChainLoader;
import io.revchain.core.discovery.ChainSource;
import io.revchain.core.discovery.Discovery;
import io.revchain.core.discovery.LoadedChain;
import io.revchain.core.discovery.SourceFile;
import io.revchain.core.model.MigrationScript;
import io.revchain.core.model.Policy;
import io.revchain.core.parse.MigrationParser;
import io.revchain.testkit.TestTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: folders on disk → requests, copies, the real-Alembic oracle. */
final class Folders {
    private Folders() {}

    static final Path ACGS2 = TestTrees.locate("fixtures/acgs2");

    static ChainSource chain(Path root) {
        try {
            List<ChainSource> chains = Discovery.discover(root);
            if (chains.size() != 1) {
                throw new IllegalStateException("expected one chain under " + root + ", found " + chains.size());
            }
            return chains.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RepairRequest request(Path root, Policy policy) {
        ChainSource src = chain(root);
        List<SourceText> files = new ArrayList<>();
        for (SourceFile f : src.files()) {
            try {
                files.add(new SourceText(f.path(), Files.readAllBytes(f.file())));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new RepairRequest(files, src.versionLocations(), policy, null, null, null, null, null);
    }

    static ChainAnalysis analyse(Path root, Policy policy) {
        LoadedChain loaded = new ChainLoader(new MigrationParser(policy.marker())::parse).load(chain(root));
        return ChainAnalysis.of(loaded.scripts(), policy);
    }

    static List<MigrationScript> analyseScripts(Path root) {
        return new ChainLoader(new MigrationParser(Policy.CONSTITUTIONAL_HASH)::parse)
                .load(chain(root))
                .scripts();
    }
}
