package io.revchain.app;

import io.revchain.app.cli.AnalyzerCommand;
import io.revchain.app.cli.BaselineCommand;
import io.revchain.app.cli.BenchCommand;
import io.revchain.app.cli.BranchesCommand;
import io.revchain.app.cli.CheckCommand;
import io.revchain.app.cli.ChecksCommand;
import io.revchain.app.cli.DemoCommand;
import io.revchain.app.cli.DeployedCommand;
import io.revchain.app.cli.HeadsCommand;
import io.revchain.app.cli.HistoryCommand;
import io.revchain.app.cli.IngestCommand;
import io.revchain.app.cli.LockCommand;
import io.revchain.app.cli.RepairCommand;
import io.revchain.app.cli.RepairerCommand;
import io.revchain.app.cli.ReporterCommand;
import io.revchain.app.cli.ReposCommand;
import io.revchain.app.cli.ResidentCommand;
import io.revchain.app.cli.RunCommand;
import io.revchain.app.cli.StatusCommand;
import io.revchain.app.cli.UserError;
import io.revchain.app.cli.WarmupCommand;
import io.revchain.app.format.Untrusted;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.InvalidPathException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code revchain} command line: parses options, starts the chosen command, maps outcomes to exit codes. */
@Command(
        name = "revchain",
        mixinStandardHelpOptions = true,
        version = Main.VERSION,
        description = Main.DESCRIPTION,
        subcommands = {
            CheckCommand.class,
            RepairCommand.class,
            HeadsCommand.class,
            BranchesCommand.class,
            HistoryCommand.class,
            BaselineCommand.class,
            LockCommand.class,
            ChecksCommand.class,
            StatusCommand.class,
            DeployedCommand.class,
            DemoCommand.class,
            RunCommand.class,
            IngestCommand.class,
            ReposCommand.class,
            AnalyzerCommand.class,
            RepairerCommand.class,
            ReporterCommand.class,
            BenchCommand.class,
            WarmupCommand.class,
            ResidentCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {Main.EXIT_0, Main.EXIT_1, Main.EXIT_2})
public final class Main implements Runnable {

    // Shared with SlimMain's annotation, so both jars say the same in --version and --help.
    static final String VERSION = "revchain 0.1.0";
    static final String DESCRIPTION = "Finds, explains and repairs broken Alembic migration chains.";
    static final String EXIT_0 = "0:no error-severity finding";
    static final String EXIT_1 = "1:findings with severity error";
    static final String EXIT_2 = "2:usage, I/O or internal error (unreadable path, bad configuration, out of memory)";

    public static final int OK = 0;
    public static final int FINDINGS = 1;
    public static final int USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw commandRequired(spec);
    }

    /** What a command line without a command gets: a usage error. */
    static RuntimeException commandRequired(CommandLine.Model.CommandSpec spec) {
        return new CommandLine.ParameterException(spec.commandLine(), "a command is required (try 'revchain --help')");
    }

    /** Set once "out of memory" has been said, so a worker thread and the main thread never both say it. */
    private static final AtomicBoolean OOM_SAID = new AtomicBoolean();

    public static void main(String[] args) {
        // A parallel parse can run out of memory in a pool thread the JVM would report with its own trace
        Thread.setDefaultUncaughtExceptionHandler(Main::uncaught);
        int code = execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
        if (!IngestCommand.SHUTTING_DOWN.get()) {
            System.exit(code);
        }
    }

    /** Runs one command line with the given streams; never throws for a user's mistake. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        return execute(out, err, () -> new CommandLine(new Main()), args);
    }

    /** Runs one command line on the command tree {@code commands} builds, with the exit codes of every command. */
    static int execute(PrintWriter out, PrintWriter err, Supplier<CommandLine> commands, String... args) {
        try {
            return executeOrThrow(out, err, commands.get(), args);
        } catch (Throwable t) {
            // picocli lets an Error (OutOfMemoryError, StackOverflowError) through: never a stack trace, never exit 1
            out.flush();
            return internalError(err, t);
        }
    }

    private static int executeOrThrow(PrintWriter out, PrintWriter err, CommandLine cl, String... args) {
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
                err.println("revchain: " + Untrusted.line(u.getMessage()));
                return USAGE;
            }
            if (ex instanceof IOException || ex instanceof UncheckedIOException) {
                err.println("revchain: " + Untrusted.line(ex.getMessage()));
                return USAGE;
            }
            // A bug of ours or a limit reached, not findings: one line, exit 2, the detail only on request.
            return internalError(err, ex);
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    static void uncaught(Thread thread, Throwable t) {
        PrintWriter err = new PrintWriter(System.err, true);
        if (outOfMemory(t) != null) {
            internalError(err, t);
            // the heap is gone: no point in letting the other threads go on
            Runtime.getRuntime().halt(USAGE);
        }
        try {
            err.println("revchain: internal error in thread " + Untrusted.line(thread.getName()) + ": "
                    + Untrusted.line(String.valueOf(t)));
            if (System.getenv("REVCHAIN_DEBUG") != null) {
                t.printStackTrace(err);
            }
            err.flush();
        } catch (Throwable ignored) {
            // nothing more can be said
        }
    }

    // a JVM started in the C or POSIX locale decodes file names as ASCII (the launcher coerces it to C.UTF-8)
    private static String undecodable(InvalidPathException bad) {
        return "a file name cannot be read in this locale: " + bad.getInput() + " (this Java decodes file names as "
                + System.getProperty("sun.jnu.encoding", "?") + "); run it with LC_ALL=C.UTF-8, as the revchain "
                + "launcher does";
    }

    private static OutOfMemoryError outOfMemory(Throwable t) {
        Throwable c = t;
        for (int depth = 0; c != null && depth < 32; depth++, c = c.getCause()) {
            if (c instanceof OutOfMemoryError oom) {
                return oom;
            }
        }
        return null;
    }

    /**
     * One line on stderr for a failure that is neither a finding nor the user's mistake, and {@link #USAGE}, so that
     * a CI gate never reads it as "findings". The stack trace only with {@code REVCHAIN_DEBUG} set.
     */
    static int internalError(PrintWriter err, Throwable t) {
        try {
            OutOfMemoryError oom = outOfMemory(t);
            if (oom != null && OOM_SAID.getAndSet(true)) {
                return USAGE;
            }
            String what = oom != null
                    ? "out of memory (" + oom.getMessage() + "); the repository is too large for this heap (-Xmx)"
                    : t instanceof StackOverflowError
                            ? "stack overflow; the input nests too deeply"
                            : t instanceof InvalidPathException bad ? undecodable(bad) : "internal error: " + t;
            err.println("revchain: " + Untrusted.line(what));
            if (System.getenv("REVCHAIN_DEBUG") != null) {
                t.printStackTrace(err);
            }
            err.flush();
        } catch (Throwable ignored) {
            // nothing more can be said; the exit code still says it
        }
        return USAGE;
    }
}
