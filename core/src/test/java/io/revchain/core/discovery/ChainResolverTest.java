package io.revchain.core.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.core.alembic.AlembicRelease;
import io.revchain.core.config.RepoConfig;
import io.revchain.core.model.Check;
import io.revchain.core.model.Finding;
import io.revchain.core.model.Severity;
import io.revchain.core.tree.MemoryTree;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/** {@link ChainResolver} over trees in memory: the same decisions a checkout and a git tree get. */
class ChainResolverTest {

    private static String mig(String rev, String down) {
        return "revision = '" + rev + "'\ndown_revision = " + (down == null ? "None" : "'" + down + "'") + "\n";
    }

    private static List<ChainPlan> resolve(Map<String, String> files, ChainResolver.Options o) {
        return ChainResolver.resolve(MemoryTree.ofTexts(files), o).chains();
    }

    private static List<ChainPlan> resolve(Map<String, String> files) {
        return resolve(files, ChainResolver.Options.DEFAULT);
    }

    @Test
    void namedSectionsAreChainsAndAlembicWithoutLocationIsNoError() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put(
                "alembic.ini",
                "[alembic]\nsqlalchemy.url = x\n[core]\nscript_location = db/core\n"
                        + "[tenant]\nscript_location = db/tenant\n[loggers]\nkeys = root\n");
        f.put("db/core/versions/c.py", mig("c", null));
        f.put("db/tenant/versions/t.py", mig("t", null));
        List<ChainPlan> chains = resolve(f);
        assertThat(chains).extracting(ChainPlan::name).containsExactly("core", "tenant");
        assertThat(chains)
                .extracting(ChainPlan::folders)
                .containsExactly(List.of("db/core/versions"), List.of("db/tenant/versions"));
        assertThat(chains).flatExtracting(ChainPlan::findings).isEmpty();
        assertThat(chains.get(0).notes()).singleElement().asString().contains("[core], [tenant]");
    }

    @Test
    void alembicAloneWithoutLocationStaysAlembicsError() {
        List<ChainPlan> chains = resolve(Map.of("alembic.ini", "[alembic]\nx = 1\n[loggers]\nkeys = root\n"));
        assertThat(chains).singleElement().satisfies(c -> {
            assertThat(c.resolved()).isFalse();
            assertThat(c.findings())
                    .extracting(Finding::check, Finding::severity)
                    .containsExactly(Tuple.tuple(Check.INVALID_CONFIG.wire(), Severity.ERROR));
        });
    }

    @Test
    void pyprojectToolAlembicIsAChainFrom116Only() {
        Map<String, String> f = Map.of(
                "pyproject.toml",
                "[project]\nname = 'x'\ndependencies = ['alembic>=1.16']\n"
                        + "[tool.alembic]\nscript_location = '%(here)s/migrations'\n"
                        + "version_locations = ['%(here)s/migrations/versions', '%(here)s/extra']\n",
                "migrations/versions/a.py",
                mig("a", null),
                "extra/b.py",
                mig("b", "a"));
        ChainPlan c = resolve(f).get(0);
        assertThat(c.folders()).containsExactly("migrations/versions", "extra");
        assertThat(c.release()).isEqualTo(AlembicRelease.CURRENT);
        assertThat(c.findings()).isEmpty();
        ChainPlan old = resolve(f, new ChainResolver.Options(List.of(), null, AlembicRelease.parse("1.15")))
                .get(0);
        assertThat(old.findings()).extracting(Finding::severity).containsExactly(Severity.ERROR);
    }

    @Test
    void thePinnedReleaseDecidesRecursion() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("requirements.txt", "alembic==1.9.4\n");
        f.put("alembic.ini", "[alembic]\nscript_location = db\nrecursive_version_locations = true\n");
        f.put("db/versions/a.py", mig("a", null));
        f.put("db/versions/2024/b.py", mig("b", "a"));
        ChainPlan pinned = resolve(f).get(0);
        assertThat(pinned.release()).isEqualTo(AlembicRelease.parse("1.9.4"));
        assertThat(pinned.releaseSource()).startsWith("requirements.txt:1");
        assertThat(pinned.folders()).containsExactly("db/versions");
        f.put("requirements.txt", "alembic==1.13.1\n");
        assertThat(resolve(f).get(0).folders()).containsExactly("db/versions", "db/versions/2024");
    }

    @Test
    void releaseFoldersThatLinkAreOneChainAndDialectFoldersAreSeparate() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("alembic.ini", "[alembic]\nscript_location = db\n");
        f.put("db/versions/kilo.py", mig("kilo", null));
        f.put("db/versions/liberty/expand/e1.py", mig("e1", "kilo"));
        f.put("db/versions/liberty/contract/c1.py", mig("c1", "kilo"));
        f.put("db/versions/mitaka/expand/e2.py", mig("e2", "e1"));
        f.put("db/versions/README.txt", "not python");
        List<ChainPlan> linked = resolve(f);
        assertThat(linked).singleElement().satisfies(c -> {
            assertThat(c.folders())
                    .containsExactly(
                            "db/versions",
                            "db/versions/liberty/contract",
                            "db/versions/liberty/expand",
                            "db/versions/mitaka/expand");
            assertThat(c.notes()).singleElement().asString().startsWith("3 file(s) in 3 sub-folder(s) of db/versions");
        });

        Map<String, String> d = new LinkedHashMap<>();
        d.put("alembic.ini", "[alembic]\nscript_location = db\n");
        d.put("db/versions/postgresql/p1.py", mig("p1", null));
        d.put("db/versions/postgresql/p2.py", mig("p2", "p1"));
        d.put("db/versions/sqlite/s1.py", mig("s1", null));
        List<ChainPlan> dialects = resolve(d);
        assertThat(dialects).extracting(ChainPlan::name).containsExactly("alembic/postgresql", "alembic/sqlite");
        assertThat(dialects.get(0).folders()).containsExactly("db/versions/postgresql");
        assertThat(dialects.get(1).folders()).containsExactly("db/versions/sqlite");
    }

    @Test
    void dialectFoldersSharingRevisionIdsStayApartAndAnEmptyTopLevelIsNoChain() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("alembic.ini", "[alembic]\nscript_location = app:migrations\n");
        d.put("app/__init__.py", "");
        // the same migration written once per dialect: the ids repeat, yet neither folder refers to the other
        d.put("app/migrations/versions/postgresql/a.py", mig("a", null));
        d.put("app/migrations/versions/postgresql/b.py", mig("b", "a"));
        d.put("app/migrations/versions/sqlite/a.py", mig("a", null));
        d.put("app/migrations/versions/sqlite/b.py", mig("b", "a"));
        List<ChainPlan> chains = resolve(d);
        assertThat(chains).extracting(ChainPlan::name).containsExactly("alembic/postgresql", "alembic/sqlite");
        assertThat(chains.get(0).notes()).anySatisfy(n -> assertThat(n).contains("package app at app"));
    }

    @Test
    void everyColonOfAPackageResourceIsAPathSeparator() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("src/app/db/alembic.ini", "[alembic]\nscript_location = app:db:migrations\n");
        d.put("src/app/__init__.py", "");
        d.put("src/app/db/migrations/versions/a.py", mig("a", null));
        assertThat(resolve(d))
                .singleElement()
                .satisfies(c -> assertThat(c.folders()).containsExactly("src/app/db/migrations/versions"));
    }

    @Test
    void statedChainsReplaceInference() throws Exception {
        RepoConfig cfg = RepoConfig.parse(
                ".revchain.yaml",
                "chains:\n  main:\n    version_locations: [m/v]\n"
                        + "  all:\n    version_locations: [x]\n    recursive: true\nalembic_version: '1.8.1'\n");
        Map<String, String> f = new LinkedHashMap<>();
        f.put("alembic.ini", "[alembic]\nscript_location = ignored\n");
        f.put("m/v/a.py", mig("a", null));
        f.put("m/v/sub/b.py", mig("b", "a"));
        f.put("x/c.py", mig("c", null));
        f.put("x/y/d.py", mig("d", "c"));
        List<ChainPlan> chains = resolve(f, cfg.resolveOptions());
        assertThat(chains).extracting(ChainPlan::name).containsExactly("main", "all");
        assertThat(chains.get(0).folders()).containsExactly("m/v");
        assertThat(chains.get(0).findings()).extracting(Finding::check).containsExactly(Check.UNLOADED_FILE.wire());
        assertThat(chains.get(1).folders()).containsExactly("x", "x/y");
        assertThat(chains.get(0).release()).isEqualTo(AlembicRelease.ORACLE);
    }

    @Test
    void pyramidIniWithScriptLocationCountsAndTheSameFoldersAreCheckedOnce() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("development.ini", "[app:main]\nuse = egg:x\n[alembic]\nscript_location = app/migrations\n");
        f.put("production.ini", "[app:main]\nuse = egg:x\n[alembic]\nscript_location = app/migrations\n");
        f.put("setup.cfg", "[metadata]\nname = x\n");
        f.put("app/migrations/versions/a.py", mig("a", null));
        List<ChainPlan> chains = resolve(f);
        assertThat(chains).singleElement().satisfies(c -> {
            assertThat(c.ini()).isEqualTo("development.ini");
            assertThat(c.notes()).anySatisfy(n -> assertThat(n).contains("production.ini"));
        });
    }

    @Test
    void noConfigurationFindsVersionsFoldersByTheirContent() {
        List<ChainPlan> chains =
                resolve(Map.of("svc/db/versions/a.py", mig("a", null), "web/versions/v.py", "VERSION = 2\n"));
        assertThat(chains).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("alembic");
            assertThat(c.folders()).containsExactly("svc/db/versions");
        });
        assertThat(resolve(Map.of("README.md", "hi"))).isEmpty();
    }
}
