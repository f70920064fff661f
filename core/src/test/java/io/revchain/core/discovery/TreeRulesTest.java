package io.revchain.core.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.core.model.Checks;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TreeRulesTest {

    @Test
    void resolvesLocationsRelativeToTheIniAndDropsThoseOutsideTheRepository() {
        TreeRules.IniFolders f = TreeRules.iniFolders("svc/api/alembic.ini",
                "[alembic]\nscript_location = migrations\nversion_locations = %(here)s/a ../b /etc/c pkg:versions "
                        + "../../../escape\n", p -> false);
        assertThat(f.folders()).containsExactly("svc/api/a", "svc/b");
    }

    @Test
    void theDefaultLocationIsScriptLocationVersions() {
        assertThat(TreeRules.iniFolders("alembic.ini", "[alembic]\nscript_location = db\n", p -> false).folders())
                .containsExactly("db/versions");
    }

    @Test
    void withoutScriptLocationTheFlaskLayoutIsFollowedAndOtherwiseAlembicsErrorIsReported() {
        String ini = "[alembic]\n# flask passes script_location at run time\n";
        assertThat(TreeRules.iniFolders("migrations/alembic.ini", ini, Set.of("migrations/env.py")::contains)
                .folders()).containsExactly("migrations/versions");
        TreeRules.IniFolders plain = TreeRules.iniFolders("alembic.ini", ini, p -> false);
        assertThat(plain.folders()).isEmpty();
        assertThat(plain.findings()).extracting(x -> x.check()).containsExactly(Checks.INVALID_CONFIG);
    }

    @Test
    void fileNamesFollowAlembicsFilter() {
        assertThat(TreeRules.isMigrationName("001_a.py")).isTrue();
        assertThat(TreeRules.isMigrationName("__init__.py")).isFalse();
        assertThat(TreeRules.isMigrationName(".#001_a.py")).isFalse();
        assertThat(TreeRules.isMigrationName("001_a.pyc")).isFalse();
        assertThat(TreeRules.parent("a/b/c.py")).isEqualTo("a/b");
        assertThat(TreeRules.parent("c.py")).isEmpty();
    }
}
