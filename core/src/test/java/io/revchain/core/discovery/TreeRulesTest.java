package io.revchain.core.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TreeRulesTest {

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
