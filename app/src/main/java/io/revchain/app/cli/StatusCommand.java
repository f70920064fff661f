package io.revchain.app.cli;

import io.revchain.app.format.OutputFormat;
import io.revchain.app.status.GitFirstSeen;
import io.revchain.app.status.GitRetired;
import io.revchain.app.status.StatusReport;
import io.revchain.app.status.StatusResult;
import io.revchain.app.status.StatusRunner;
import io.revchain.deployments.Timeouts;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code revchain status PATH --db URL}: what each database has applied, against the code under PATH. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = StatusCommand.DESCRIPTION,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every database at head",
            "1:a database in a state 'alembic upgrade head' cannot handle (unknown revision, dropped branch, "
                    + "overlapping rows, the code's chain fails)",
            "2:usage or I/O error, or a database could not be read (down, timeout, no version table, access denied)",
            "3:databases behind only: 'alembic upgrade head' brings them to head"
        })
public final class StatusCommand implements Callable<Integer> {
    /** A compile-time constant: the slim jar's --help lists it without loading this class. */
    public static final String DESCRIPTION =
            "Read each database's Alembic version table (read-only) and say what it means against the code.";

    @Spec
    CommandSpec spec;

    @Mixin
    PathArgument folder;

    @Option(
            names = "--db",
            paramLabel = "URL",
            description = "A database to read: a JDBC URL or a SQLAlchemy URL (postgresql://, mysql+pymysql://, "
                    + "mariadb://, sqlite:///relative.db, sqlite:////abs.db), never with a password; repeatable. "
                    + "Default: the environments of .revchain.yaml")
    List<String> urls;

    @Option(
            names = "--db-credentials",
            paramLabel = "VAR",
            description = "The environment variable holding user:password for the --db URLs")
    String credentials;

    @Option(
            names = {"-n", "--name"},
            paramLabel = "CHAIN",
            description = "The chain every database runs (where the repository has several)")
    String chain;

    @Option(
            names = "--version-table",
            paramLabel = "NAME",
            description = "The version table (default: env.py's literal version_table, else alembic_version)")
    String versionTable;

    @Option(
            names = "--version-table-schema",
            paramLabel = "SCHEMA",
            description = "The version table's schema (default: env.py's literal, else the connection's)")
    String schema;

    @Option(
            names = "--connect-timeout",
            paramLabel = "SECONDS",
            defaultValue = "5",
            description = "Connect and login timeout per database (default: ${DEFAULT-VALUE})")
    int connectTimeout;

    @Option(
            names = "--statement-timeout",
            paramLabel = "SECONDS",
            defaultValue = "10",
            description = "How long the read may wait on a slow or locked table (default: ${DEFAULT-VALUE})")
    int statementTimeout;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "text",
            description = "text, json, sarif or github (default: ${DEFAULT-VALUE})")
    OutputFormat format;

    /** Where credentials variables are read: the process environment (tests give their own). */
    private Function<String, String> environment = System::getenv;

    /** Reads credentials variables from {@code environment} instead of the process's (for tests). */
    public void environment(Function<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        if (connectTimeout < 1 || statementTimeout < 1) {
            throw new UserError("--connect-timeout and --statement-timeout take whole seconds, at least 1");
        }
        Timeouts timeouts = new Timeouts(
                Duration.ofSeconds(connectTimeout),
                Duration.ofSeconds(statementTimeout + 5L),
                Duration.ofSeconds(statementTimeout));
        StatusRunner.Options o = new StatusRunner.Options(urls, credentials, chain, versionTable, schema, timeouts);
        StatusResult result =
                new StatusRunner(environment, GitRetired::lookup, GitFirstSeen::lookup).status(folder.path(), o);
        StatusReport.write(result, format, spec.commandLine().getOut());
        return result.exitCode();
    }
}
