package io.revchain.app;

import io.revchain.app.cli.AnalyzerCommand;
import io.revchain.app.cli.BenchCommand;
import io.revchain.app.cli.ReporterCommand;
import io.revchain.app.cli.BranchesCommand;
import io.revchain.app.cli.CheckCommand;
import io.revchain.app.cli.ChecksCommand;
import io.revchain.app.cli.DemoCommand;
import io.revchain.app.cli.RepairerCommand;
import io.revchain.app.cli.RunCommand;
import io.revchain.app.cli.RepairCommand;
import io.revchain.app.cli.HeadsCommand;
import io.revchain.app.cli.HistoryCommand;
import io.revchain.app.cli.IngestCommand;
import io.revchain.app.cli.UserError;
import io.revchain.app.cli.WarmupCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code revchain} command line: parses options, starts the chosen command, maps outcomes to exit codes. */
@Command(name = "revchain", mixinStandardHelpOptions = true, version = "revchain 0.1.0",
        description = "Finds, explains and repairs broken Alembic migration chains.",
        subcommands = {CheckCommand.class, RepairCommand.class, HeadsCommand.class, BranchesCommand.class,
                HistoryCommand.class, ChecksCommand.class, DemoCommand.class, RunCommand.class, IngestCommand.class,
                AnalyzerCommand.class, RepairerCommand.class, ReporterCommand.class, BenchCommand.class,
                WarmupCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no error-severity finding", "1:findings with severity error",
                "2:usage or I/O error (unreadable path, bad configuration)"})
public final class Main implements Runnable {

    public static final int OK = 0;
    public static final int FINDINGS = 1;
    public static final int USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (try 'revchain --help')");
    }

    public static void main(String[] args) {
        int code = execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
        if (!IngestCommand.SHUTTING_DOWN.get()) {
            System.exit(code);
        }
    }

    /** Runs one command line with the given streams; never throws for a user's mistake. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("revchain: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parse) -> {
            if (ex instanceof UserError u) {
                err.println("revchain: " + u.getMessage());
                return USAGE;
            }
            if (ex instanceof java.io.IOException || ex instanceof java.io.UncheckedIOException) {
                err.println("revchain: " + ex.getMessage());
                return USAGE;
            }
            // A bug of ours, not the user's: say so in one line, with the detail only on request.
            err.println("revchain: internal error: " + ex);
            if (System.getenv("REVCHAIN_DEBUG") != null) {
                ex.printStackTrace(err);
            }
            return 3;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }
}
