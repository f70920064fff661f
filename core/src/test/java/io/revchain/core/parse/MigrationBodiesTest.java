package io.revchain.core.parse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MigrationBodiesTest {

    static final String FILE = """
            \"\"\"add users

            Revision ID: a1
            Revises:
            \"\"\"
            from alembic import op

            revision = 'a1'
            down_revision = None


            def upgrade():
                # the table
                op.create_table('users', sa.Column('id', sa.Integer()))


            def downgrade():
                op.drop_table('users')
            """;

    static String fp(String text) {
        return MigrationBodies.fingerprint(text).orElseThrow();
    }

    @Test
    void aChangeToWhatUpgradeOrDowngradeRunsChangesTheFingerprint() {
        assertThat(fp(FILE.replace("'users', sa", "'accounts', sa"))).isNotEqualTo(fp(FILE));
        assertThat(fp(FILE.replace("op.drop_table('users')", "pass"))).isNotEqualTo(fp(FILE));
        // a statement moved out of the function (dedented) is a change too
        assertThat(fp(FILE.replace("    op.drop_table", "op.drop_table"))).isNotEqualTo(fp(FILE));
    }

    @Test
    void commentsLayoutDocstringAndRevisionVariablesDoNot() {
        String same = FILE.replace("# the table", "# the users table, renamed later")
                .replace("add users", "add the users table")
                .replace("down_revision = None", "down_revision = 'z0'")
                .replace("sa.Column('id', sa.Integer())", "sa.Column(\n        'id',\n        sa.Integer()\n    )")
                .replace("\n\n\ndef downgrade", "\n\n\n\n# reverse\ndef downgrade");
        assertThat(fp(same)).isEqualTo(fp(FILE));
    }

    @Test
    void aFileThatCannotBeTokenizedHasNone() {
        assertThat(MigrationBodies.fingerprint("def upgrade():\n    op.execute('unterminated\n"))
                .isEmpty();
    }
}
