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
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The entry point of the slim jar ({@code revchain-slim.jar}: core, analysis, repair planning and the short
 * commands; no Kafka, Scala, RocksDB or JGit). It decides which command lines it runs itself (the short commands,
 * {@code --help}, {@code --version}) and which it hands to the full jar next to it: the pipeline commands, any
 * command it does not know, and {@code check --against}, which reads git history with JGit.
 *
 * <p>Start-up is what it is for, so it builds only the command a line names: picocli's reflective scan of one
 * command class instead of all of them; {@code --help} (and a line picocli has to reject) builds every short
 * command, and the pipeline commands as names with their descriptions, so its help is the full jar's help.
 */
public final class SlimMain implements Runnable {

    /** The file name of the full jar, looked up next to this one. */
    static final String FULL_JAR = "revchain.jar";

    /** The command tables, in a class of their own so that {@code --version} never builds them. */
    private static final class Commands {
        /** The commands this jar runs, in the order {@code --help} lists them (as {@link Main} does). */
        static final Map<String, Supplier<Object>> SHORT = new LinkedHashMap<>();

        /** The commands that run from the full jar only, with the description their {@code @Command} gives. */
        static final Map<String, String> PIPELINE = new LinkedHashMap<>();

        static {
            SHORT.put("check", CheckCommand::new);
            SHORT.put("repair", RepairCommand::new);
            SHORT.put("heads", HeadsCommand::new);
            SHORT.put("branches", BranchesCommand::new);
            SHORT.put("history", HistoryCommand::new);
            SHORT.put("baseline", BaselineCommand::new);
            SHORT.put("lock", LockCommand::new);
            SHORT.put("checks", ChecksCommand::new);
            // compile-time constants: inlined here, so listing them loads none of the pipeline's classes
            // status reads databases: their JDBC drivers are in the full jar only
            PIPELINE.put("status", StatusCommand.DESCRIPTION);
            PIPELINE.put("deployed", DeployedCommand.DESCRIPTION);
            PIPELINE.put("demo", DemoCommand.DESCRIPTION);
            PIPELINE.put("run", RunCommand.DESCRIPTION);
            PIPELINE.put("ingest", IngestCommand.DESCRIPTION);
            PIPELINE.put("repos", ReposCommand.DESCRIPTION);
            PIPELINE.put("analyzer", AnalyzerCommand.DESCRIPTION);
            PIPELINE.put("repairer", RepairerCommand.DESCRIPTION);
            PIPELINE.put("reporter", ReporterCommand.DESCRIPTION);
            PIPELINE.put("bench", BenchCommand.DESCRIPTION);
            // after the listed ones: hidden, as in Main
            SHORT.put("warmup", WarmupCommand::new);
            SHORT.put(ResidentCommand.NAME, ResidentCommand::new);
        }
    }

    /** Set when the top command is built: its own spec, for the "a command is required" message. */
    private CommandSpec spec;

    @Override
    public void run() {
        // made in Main, so that verifying this class loads nothing of picocli (--version never does)
        throw Main.commandRequired(spec);
    }

    public static void main(String[] args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // A constant, said before picocli is loaded and set up: that set-up alone is half a bare JVM's start.
            System.out.println(Main.VERSION);
            System.exit(Main.OK);
        }
        Thread.setDefaultUncaughtExceptionHandler(Main::uncaught);
        int code = needsFullJar(args)
                ? handOver(new PrintWriter(System.err, true), args)
                : execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
        System.exit(code);
    }

    /** Runs one command line of the short commands in this JVM, as {@link Main#execute} runs any. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        return Main.execute(out, err, () -> commandLine(args), args);
    }

    /**
     * Whether {@code args} must run from the full jar: a command this jar does not run (a pipeline command, or one
     * added to {@link Main} only), {@code check --against}, whose JGit is not in this jar, or a {@code repair} that
     * reads databases ({@code --db} or environments in {@code .revchain.yaml}), whose JDBC drivers are not either.
     */
    static boolean needsFullJar(String... args) {
        if (args.length == 0 || args[0].startsWith("-")) {
            return false;
        }
        if (!Commands.SHORT.containsKey(args[0])) {
            return true;
        }
        if (args[0].equals("repair") && RepairCommand.readsDatabases(args)) {
            // the environments' databases are read through JDBC, which only the full jar holds
            return true;
        }
        if (args[0].equals("check")) {
            for (String a : args) {
                if (a.equals("--against") || a.startsWith("--against=")) {
                    return true;
                }
                if (a.equals("--")) {
                    return false;
                }
            }
        }
        return false;
    }

    /**
     * Whether a resident server ({@link io.revchain.app.server.ResidentServer}) answers {@code args}: what this jar
     * runs, less the launcher's own hidden commands (the warm-up records an archive in a JVM of its own; a server
     * never starts another).
     */
    public static boolean servesHere(String... args) {
        return !needsFullJar(args)
                && !(args.length > 0 && (args[0].equals("warmup") || args[0].equals(ResidentCommand.NAME)));
    }

    /** The command tree for {@code args}: only the command they name, else every command. */
    static CommandLine commandLine(String... args) {
        CommandLine cl = new CommandLine(top());
        String first = args.length == 0 ? "" : args[0];
        Supplier<Object> named = Commands.SHORT.get(first);
        if (named != null) {
            cl.addSubcommand(first, named.get());
        } else if (!first.equals("-V") && !first.equals("--version")) {
            Commands.SHORT.forEach((name, command) -> {
                if (name.equals("warmup")) {
                    Commands.PIPELINE.forEach((p, description) -> cl.addSubcommand(p, placeholder(p, description)));
                }
                cl.addSubcommand(name, command.get());
            });
        }
        return cl;
    }

    /**
     * The {@code revchain} command itself, built with picocli's programmatic API: {@link Main}'s annotation without
     * the reflective scan (and its annotation proxies), which is most of what {@code --version} used to cost.
     */
    private static CommandSpec top() {
        SlimMain main = new SlimMain();
        CommandSpec spec = CommandSpec.wrapWithoutInspection(main);
        main.spec = spec;
        spec.name("revchain").version(Main.VERSION);
        spec.addOption(OptionSpec.builder("-h", "--help")
                .usageHelp(true)
                .description("Show this help message and exit.")
                .build());
        spec.addOption(OptionSpec.builder("-V", "--version")
                .versionHelp(true)
                .description("Print version information and exit.")
                .build());
        Map<String, String> exitCodes = new LinkedHashMap<>();
        for (String line : List.of(Main.EXIT_0, Main.EXIT_1, Main.EXIT_2)) {
            int colon = line.indexOf(':');
            exitCodes.put(line.substring(0, colon), line.substring(colon + 1));
        }
        spec.usageMessage()
                .description(Main.DESCRIPTION)
                .exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(exitCodes);
        return spec;
    }

    /** A pipeline command as {@code --help} lists it; never run here ({@link #needsFullJar} sends it on). */
    private static CommandLine placeholder(String name, String description) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection((Runnable) () -> {
            throw new UserError("'" + name + "' runs from the full jar (" + FULL_JAR + ")");
        });
        spec.name(name);
        spec.usageMessage().description(description);
        return new CommandLine(spec);
    }

    /**
     * Runs {@code args} with the full jar next to this one in a child JVM with this JVM's options, and returns its
     * exit code. The launcher sends such lines to the full jar directly; this is for {@code java -jar} users.
     */
    private static int handOver(PrintWriter err, String... args) {
        try {
            Path self = Path.of(SlimMain.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            Path full = self.resolveSibling(FULL_JAR);
            if (!Files.isRegularFile(full)) {
                err.println("revchain: '" + args[0]
                        + (args[0].equals("check") ? " --against" : args[0].equals("repair") ? " (environments)" : "")
                        + "' needs the full jar, " + FULL_JAR + ", next to " + self.getFileName());
                return Main.USAGE;
            }
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
            command.add("-jar");
            command.add(full.toString());
            command.addAll(List.of(args));
            return new ProcessBuilder(command).inheritIO().start().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Main.internalError(err, e);
        } catch (Exception e) {
            return Main.internalError(err, e);
        }
    }
}
