package io.revchain.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The configuration of a small Alembic project whose {@code env.py} connects to the database a test names, so that
 * real Alembic ({@link AlembicOracle}) stamps and upgrades the same database revchain then reads: the database URL
 * comes from {@code RC_URL}, the version table's name and schema from {@code RC_TABLE} and {@code RC_SCHEMA} (unset:
 * Alembic's defaults). Alembic's own logger is at INFO on stderr, so "Running upgrade a -> b" says what it ran.
 */
public final class AlembicProjectFiles {
    private AlembicProjectFiles() {}

    /** Writes {@code alembic.ini} and {@code migrations/env.py} under {@code root}, and the versions folder. */
    public static Path write(Path root) throws IOException {
        Files.createDirectories(root.resolve("migrations/versions"));
        Files.writeString(root.resolve("alembic.ini"), """
                [alembic]
                script_location = migrations
                [loggers]
                keys = root,alembic
                [handlers]
                keys = console
                [formatters]
                keys = generic
                [logger_root]
                level = WARN
                handlers = console
                [logger_alembic]
                level = INFO
                handlers =
                qualname = alembic
                [handler_console]
                class = StreamHandler
                args = (sys.stderr,)
                level = NOTSET
                formatter = generic
                [formatter_generic]
                format = %(message)s
                """);
        Files.writeString(root.resolve("migrations/env.py"), """
                import os
                from logging.config import fileConfig
                from alembic import context
                from sqlalchemy import create_engine

                fileConfig(context.config.config_file_name)

                engine = create_engine(os.environ["RC_URL"])
                with engine.connect() as connection:
                    context.configure(
                        connection=connection,
                        target_metadata=None,
                        version_table=os.environ.get("RC_TABLE") or "alembic_version",
                        version_table_schema=os.environ.get("RC_SCHEMA") or None,
                    )
                    with context.begin_transaction():
                        context.run_migrations()
                """);
        return root;
    }
}
