package io.revchain.app.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * Writes a realistic, healthy Alembic project of N revisions: alembic.ini, typed and untyped assignments,
 * docstrings, table operations, and every 40 revisions a two-way branch merged again. Deterministic for a seed.
 */
public final class SyntheticChain {

    private final Path versions;
    private final Random random;
    private int written;

    private SyntheticChain(Path versions, long seed) {
        this.versions = versions;
        this.random = new Random(seed);
    }

    /** Writes the project under {@code dir} and returns {@code dir}. */
    public static Path write(Path dir, int revisions, long seed) throws IOException {
        writeChain(dir, revisions, seed);
        return dir;
    }

    /** Writes the project under {@code dir} and returns the id of its head revision. */
    public static String writeChain(Path dir, int revisions, long seed) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("alembic.ini"), "[alembic]\nscript_location = %(here)s/migrations\n");
        SyntheticChain c = new SyntheticChain(Files.createDirectories(dir.resolve("migrations/versions")), seed);
        String tip = c.emit(List.of());
        while (c.written < revisions) {
            if (c.written % 40 == 20 && revisions - c.written >= 3) {
                String left = c.emit(List.of(tip));
                String right = c.emit(List.of(tip));
                tip = c.emit(List.of(left, right));
            } else {
                tip = c.emit(List.of(tip));
            }
        }
        return tip;
    }

    private String emit(List<String> parents) throws IOException {
        int i = written++;
        String id = String.format("%012x", random.nextLong() & 0xffffffffffffL);
        String down = parents.isEmpty()
                ? "None"
                : parents.size() == 1 ? "'" + parents.get(0) + "'" : "('" + String.join("', '", parents) + "')";
        boolean typed = random.nextBoolean();
        StringBuilder b = new StringBuilder();
        b.append("\"\"\"change ")
                .append(i)
                .append("\n\nRevision ID: ")
                .append(id)
                .append("\nRevises: ")
                .append(String.join(", ", parents))
                .append("\nCreate Date: 2024-01-01 00:00:")
                .append(String.format("%02d", i % 60))
                .append(".000000\n\n\"\"\"\n");
        b.append(typed ? "from typing import Sequence, Union\n\n" : "");
        b.append("from alembic import op\nimport sqlalchemy as sa\n\n\n# revision identifiers, used by Alembic.\n");
        if (typed) {
            b.append("revision: str = '").append(id).append("'\n");
            b.append("down_revision: Union[str, Sequence[str], None] = ")
                    .append(down)
                    .append('\n');
            b.append("branch_labels: Union[str, Sequence[str], None] = None\n");
            b.append("depends_on: Union[str, Sequence[str], None] = None\n");
        } else {
            b.append("revision = '")
                    .append(id)
                    .append("'\ndown_revision = ")
                    .append(down)
                    .append('\n');
            b.append("branch_labels = None\ndepends_on = None\n");
        }
        b.append("\n\ndef upgrade():\n    op.create_table(\n        't")
                .append(i)
                .append("',\n")
                .append("        sa.Column('id', sa.Integer(), nullable=False),\n")
                .append("        sa.Column('name', sa.String(length=255), nullable=True),\n")
                .append("        sa.PrimaryKeyConstraint('id'),\n    )\n")
                .append("    op.create_index('ix_t")
                .append(i)
                .append("_name', 't")
                .append(i)
                .append("', ['name'])\n")
                .append("\n\ndef downgrade():\n    op.drop_index('ix_t")
                .append(i)
                .append("_name')\n")
                .append("    op.drop_table('t")
                .append(i)
                .append("')\n");
        Files.writeString(versions.resolve(id + "_change_" + i + ".py"), b.toString());
        return id;
    }
}
