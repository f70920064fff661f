package io.revchain.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PolicyKindTest {

    @Test
    void namesAreTheConfigurationSpellingsInAnyCase() {
        assertThat(Policy.Kind.wireNames()).containsExactly("alembic", "acgs2");
        assertThat(Policy.Kind.parse("ACGS2")).isEqualTo(Policy.Kind.ACGS2);
        assertThat(Policy.Kind.parse(null)).isEqualTo(Policy.Kind.ALEMBIC);
        assertThat(Policy.named("AcGs2").name()).isEqualTo("acgs2");
        assertThat(Policy.named("acgs2").kind()).isEqualTo(Policy.Kind.ACGS2);
        assertThat(Policy.alembic().isAcgs2()).isFalse();
        assertThat(Policy.describe()).containsOnlyKeys("alembic", "acgs2");
    }

    @Test
    void anUnknownPolicyIsRefusedWithTheSameMessage() {
        assertThatThrownBy(() -> Policy.named("Strict"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown policy 'strict' (expected alembic or acgs2)");
    }
}
