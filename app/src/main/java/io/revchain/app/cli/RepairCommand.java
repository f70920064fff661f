package io.revchain.app.cli;

import io.revchain.app.Main;
import io.revchain.app.check.Adoption;
import io.revchain.app.check.CheckRunner;
import io.revchain.app.format.Untrusted;
import io.revchain.core.adoption.HeadLock;
import io.revchain.core.config.ConfigException;
import io.revchain.core.config.RepoConfigFiles;
import io.revchain.core.discovery.ChainLoader;
import io.revchain.core.discovery.ChainSource;
import io.revchain.core.discovery.SourceFile;
import io.revchain.core.model.Finding;
import io.revchain.core.model.Policy;
import io.revchain.core.model.Strategy;
import io.revchain.core.tree.DiskTree;
import io.revchain.core.tree.SourceTree;
import io.revchain.repair.planning.AppliedEnvironments;
import io.revchain.repair.planning.EnvironmentForecast;
import io.revchain.repair.planning.PlanJson;
import io.revchain.repair.planning.PlanWriter;
import io.revchain.repair.planning.RepairAction;
import io.revchain.repair.planning.RepairPlan;
import io.revchain.repair.planning.RepairPlanner;
import io.revchain.repair.planning.RepairRequest;
import io.revchain.repair.planning.SourceText;
import io.revchain.repair.planning.UnifiedDiff;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code revchain repair PATH}: a verified repair plan for every migration chain under PATH, printed as a diff
 * (default), JSON, or a summary and the diff; {@code --write} applies the verified plans atomically.
 *
 * <p>With environments ({@code --db}, or {@code .revchain.yaml}'s {@code environments}), every revision a database
 * stands on is protected like {@code --deployed}, the output says what each environment's next upgrade runs, and
 * a plan that leaves one un-upgradable, or that was made without a database that could not be read, is refused.
 *
 * <p>Exit 0 when the verified plans leave no error (or nothing needed fixing), 1 when errors would remain (or a
 * plan could not be verified, or is refused because of an environment), 2 on a usage or I/O error.
 */
@Command(
        name = "repair",
        mixinStandardHelpOptions = true,
        description = "Plan (and with --write apply) a verified repair of the Alembic migration chains under PATH.")
public final class RepairCommand implements Callable<Integer> {

    /** What {@code --format} accepts. */
    public enum Format {
        diff,
        json,
        text
    }

    @Spec
    CommandSpec spec;

    @Mixin
    PathArgument folder;

    @Option(
            names = "--strategy",
            paramLabel = "merge|linearize",
            description = "merge (default under policy alembic): never rewrites an existing down_revision, joins "
                    + "heads with a merge revision; linearize (default under acgs2): one chain in Create Date order")
    String strategy;

    @Option(
            names = "--policy",
            paramLabel = "alembic|acgs2",
            description = "The policy the result must satisfy. Overrides .revchain.yaml.")
    String policy;

    @Option(
            names = "--deployed",
            split = ",",
            paramLabel = "REV",
            description = "Revisions stamped in some database: they and their ancestors are never re-pointed")
    List<String> deployed;

    @Option(
            names = "--deployed-file",
            paramLabel = "FILE",
            description = "A file with one deployed revision id per line (e.g. SELECT version_num FROM "
                    + "alembic_version of each environment); blank lines and # comments are skipped")
    Path deployedFile;

    @Option(
            names = "--db",
            paramLabel = "URL",
            description = "A database whose applied revisions the repair respects: a JDBC or SQLAlchemy URL, never "
                    + "with a password; repeatable. Default: the environments of .revchain.yaml. Read-only, needs the "
                    + "full jar (the launcher picks it)")
    List<String> urls;

    @Option(
            names = "--db-credentials",
            paramLabel = "VAR",
            description = "The environment variable holding user:password for the --db URLs")
    String credentials;

    @Option(
            names = "--no-environments",
            description = "Plan without reading the environments of .revchain.yaml (the plan then knows only "
                    + "--deployed and any --db)")
    boolean noEnvironments;

    @Option(
            names = "--ignore-unreadable",
            description = "Plan without an environment whose database cannot be read (down, timeout, no version "
                    + "table, access denied), with a warning; by default such a plan is refused")
    boolean ignoreUnreadable;

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
            names = "--write",
            description =
                    "Apply the verified plans (all files or none, only inside the " + "chains' version locations)")
    boolean write;

    @Option(
            names = "--exit-code",
            description = "Exit 1 when --write wrote a file (without --write: when a plan changes anything), as "
                    + "git diff --exit-code does; pre-commit's fixer hook fails so the fix is staged and looked at")
    boolean exitCode;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "diff",
            description = "diff, json or text (default: ${DEFAULT-VALUE})")
    Format format;

    @Override
    public Integer call() {
        CheckRunner runner = new CheckRunner();
        Policy pol = runner.policyFor(folder.path(), new CheckRunner.Overrides(policy, null, null));
        Strategy strat;
        try {
            strat = strategy == null ? Strategy.defaultFor(pol) : Strategy.parse(strategy);
        } catch (IllegalArgumentException e) {
            throw new UserError("--strategy: " + e.getMessage());
        }
        Set<String> deployedIds = deployedIds();
        PrintWriter err = spec.commandLine().getErr();
        Function<String, AppliedEnvironments> environments = environments(err);
        List<RepairPlan> plans = new ArrayList<>();
        List<List<String>> locations = new ArrayList<>();
        for (CheckRunner.Analysed a : runner.analyse(folder.path(), pol)) {
            RepairRequest req = new RepairRequest(
                    read(a.source()),
                    a.source().versionLocations(),
                    pol,
                    strat,
                    deployedIds,
                    template(a.source()),
                    Map.of(),
                    otherFindings(a, pol),
                    environments.apply(a.source().name()));
            plans.add(new RepairPlanner().plan(a.source().location(), req));
            locations.add(a.source().versionLocations());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(render(plans));
        out.flush();
        if (format == Format.diff) {
            // stdout stays a diff that 'git apply' takes; what each environment runs goes beside it
            for (RepairPlan p : plans) {
                err.print(environmentsText(p, "revchain: "));
            }
        }
        boolean ok = true;
        boolean changed = false;
        for (int i = 0; i < plans.size(); i++) {
            RepairPlan p = plans.get(i);
            ok &= p.verified() && p.clean() && !p.refused();
            for (String r : p.refusals()) {
                err.println(Untrusted.line("revchain: the plan for " + p.location() + " is refused"
                        + (write ? " and was not written" : "") + ": " + r));
            }
            if (!p.verified()) {
                err.println(Untrusted.line("revchain: the plan for " + p.location() + " could not be verified"
                        + (write ? " and was not written" : "") + ": " + String.join("; ", p.notes())));
            } else if (!p.clean()) {
                err.println(Untrusted.line("revchain: " + p.remaining().size() + " error(s) would remain in "
                        + p.location() + ": "
                        + String.join(
                                "; ",
                                p.remaining().stream()
                                        .map(f -> f.check() + " " + (f.file() == null ? "" : f.file()))
                                        .toList())));
            }
            if (!write && p.verified() && !p.changes().isEmpty()) {
                changed = true;
            }
            if (write && p.writable() && !p.changes().isEmpty()) {
                changed = true;
                try {
                    PlanWriter.write(folder.path(), locations.get(i), p.changes());
                } catch (IOException e) {
                    throw new UncheckedIOException(p.location() + ": " + e.getMessage(), e);
                }
                err.println("revchain: wrote " + p.changes().size() + " file(s) in " + Untrusted.line(p.location()));
            }
        }
        if (write && changed) {
            keepHeadLocksCurrent(runner, pol, err);
        }
        return ok && !(exitCode && changed) ? Main.OK : Main.FINDINGS;
    }

    private String render(List<RepairPlan> plans) {
        return switch (format) {
            case json -> PlanJson.render(folder.path().toString(), plans);
            case diff ->
                String.join(
                        "",
                        plans.stream().map(p -> UnifiedDiff.render(p.changes())).toList());
            case text -> text(plans);
        };
    }

    private static String text(List<RepairPlan> plans) {
        StringBuilder b = new StringBuilder();
        for (RepairPlan p : plans) {
            b.append("chain ")
                    .append(Untrusted.text(p.location()))
                    .append(": strategy ")
                    .append(p.strategy().label())
                    .append(", policy ")
                    .append(p.policy())
                    .append(", ")
                    .append(p.actions().size())
                    .append(" action(s), risk ")
                    .append(p.risk().label())
                    .append(", ")
                    .append(p.verified() ? "verified" : "NOT verified")
                    .append(", ")
                    .append(p.clean() ? "no error left" : p.remaining().size() + " error(s) left")
                    .append('\n');
            int i = 1;
            for (RepairAction a : p.actions()) {
                b.append(String.format(
                        "  %2d. [%s] %s %s%s: %s%n",
                        i++,
                        a.risk().label(),
                        a.kind().label(),
                        Untrusted.text(a.file()),
                        a.newFile() == null ? "" : " -> " + Untrusted.text(a.newFile()),
                        Untrusted.text(a.reason())));
                if (a.fixes() != null) {
                    b.append("      fixes ")
                            .append(Untrusted.text(String.valueOf(a.fixes())))
                            .append('\n');
                }
            }
            for (String n : p.notes()) {
                b.append("  note: ").append(Untrusted.text(n)).append('\n');
            }
            for (Finding f : p.remaining()) {
                b.append("  remains: ")
                        .append(f.check())
                        .append(' ')
                        .append(f.file() == null ? "" : Untrusted.text(f.file()))
                        .append(": ")
                        .append(Untrusted.text(f.message()))
                        .append('\n');
            }
            b.append(environmentsText(p, "  "));
            b.append('\n').append(Untrusted.diff(UnifiedDiff.render(p.changes())));
        }
        return b.toString();
    }

    /** Per environment: its state before and after the plan, and the files its next upgrade runs. */
    static String environmentsText(RepairPlan p, String indent) {
        StringBuilder b = new StringBuilder();
        for (EnvironmentForecast e : p.environments()) {
            b.append(indent)
                    .append("environment ")
                    .append(Untrusted.text(e.environment()))
                    .append(": ");
            if (e.unreadable() != null) {
                b.append("could not be read (")
                        .append(Untrusted.text(e.unreadable()))
                        .append(")\n");
                continue;
            }
            b.append(e.before().wireName())
                    .append(" -> ")
                    .append(e.after().kind().wireName())
                    .append(" [")
                    .append(Untrusted.text(String.join(", ", e.rows())))
                    .append("]");
            if (!e.upgradable()) {
                b.append(": ").append(Untrusted.text(e.after().reason())).append('\n');
                continue;
            }
            b.append(e.runs().isEmpty() ? ": next upgrade runs nothing\n" : ": next upgrade runs\n");
            for (EnvironmentForecast.UpgradeStep s : e.runs()) {
                b.append(indent)
                        .append("    ")
                        .append(Untrusted.text(s.revision()))
                        .append("  ")
                        .append(s.file() == null ? "" : Untrusted.text(s.file()))
                        .append(s.planned() ? "  (written by this plan)" : "")
                        .append('\n');
            }
        }
        return b.toString();
    }

    /**
     * What each chain's environments have applied: nothing with {@code --no-environments}, or when neither
     * {@code --db} nor {@code .revchain.yaml}'s environments name a database; else read through the full jar's
     * {@code app.status.RepairEnvironments}. An unreadable database refuses the plan unless
     * {@code --ignore-unreadable} drops it, with a warning.
     */
    private Function<String, AppliedEnvironments> environments(PrintWriter err) {
        if (!readsDatabases(folder.path(), urls, noEnvironments)) {
            return chain -> AppliedEnvironments.none();
        }
        if (connectTimeout < 1 || statementTimeout < 1) {
            throw new UserError("--connect-timeout and --statement-timeout take whole seconds, at least 1");
        }
        Function<String, AppliedEnvironments> read =
                EnvironmentReading.read(folder.path(), urls, credentials, connectTimeout, statementTimeout);
        if (!ignoreUnreadable) {
            return read;
        }
        Set<String> warned = new LinkedHashSet<>();
        return chain -> {
            AppliedEnvironments a = read.apply(chain);
            a.unreadable().forEach((env, why) -> {
                if (warned.add(env)) {
                    err.println(Untrusted.line("revchain: warning: environment '" + env + "' could not be read (" + why
                            + "); planned without it (--ignore-unreadable)"));
                }
            });
            return a.withUnreadable(Map.of());
        };
    }

    /**
     * Whether a repair of {@code path} reads databases: {@code --db} (always), else the environments of
     * .revchain.yaml unless {@code --no-environments}.
     */
    static boolean readsDatabases(Path path, List<String> urls, boolean noEnvironments) {
        if (urls != null && !urls.isEmpty()) {
            return true;
        }
        if (noEnvironments) {
            return false;
        }
        try {
            return !RepoConfigFiles.find(path).config().environmentsOrEmpty().isEmpty();
        } catch (ConfigException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** Whether the command line {@code args} ({@code repair ...}) reads databases (the slim jar hands it over). */
    public static boolean readsDatabases(String... args) {
        RepairCommand c = new RepairCommand();
        try {
            new CommandLine(c).parseArgs(Arrays.copyOfRange(args, 1, args.length));
        } catch (CommandLine.ParameterException e) {
            return false;
        }
        try {
            return c.folder != null && readsDatabases(c.folder.path(), c.urls, c.noEnvironments);
        } catch (UserError e) {
            return false;
        }
    }

    // a head lock the repository keeps must name the heads the fix leaves, or the next check fails on it
    private void keepHeadLocksCurrent(CheckRunner runner, Policy pol, PrintWriter err) {
        for (Adoption.LockFile lock : Adoption.lockFiles(runner.analyse(folder.path(), pol))) {
            Path file = folder.path().resolve(lock.path());
            if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                Adoption.writeFile(file, HeadLock.render(lock.heads()));
                err.println(
                        "revchain: updated " + Untrusted.line(lock.path()) + ": " + String.join(", ", lock.heads()));
            }
        }
    }

    private Set<String> deployedIds() {
        Set<String> ids = new LinkedHashSet<>();
        if (deployed != null) {
            for (String d : deployed) {
                if (!d.isBlank()) {
                    ids.add(d.strip());
                }
            }
        }
        if (deployedFile != null) {
            List<String> lines;
            try {
                lines = Files.readAllLines(deployedFile, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UserError("--deployed-file " + deployedFile + ": cannot be read (" + e.getMessage() + ")");
            }
            for (String l : lines) {
                String t = l.strip();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    ids.add(t);
                }
            }
        }
        return ids;
    }

    /**
     * The chain's files, read as every repository file is read ({@link DiskTree#readChecked}): no link out of the
     * repository, no FIFO, size-capped. A file refused here was already reported by the loader.
     */
    private List<SourceText> read(ChainSource src) {
        DiskTree tree = tree();
        List<SourceText> files = new ArrayList<>();
        for (SourceFile f : src.files()) {
            DiskTree.Read r = tree == null ? null : tree.readChecked(f.path(), (int) ChainLoader.DEFAULT_MAX_BYTES);
            if (r != null && r.ok()) {
                files.add(new SourceText(f.path(), r.bytes()));
            }
        }
        return files;
    }

    private DiskTree tree() {
        try {
            return new DiskTree(folder.path());
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The chain's {@code script.py.mako}: in the folder above a version location (Alembic's script_location), read
     * only when that folder is inside the repository (a version location at the root has none).
     */
    private String template(ChainSource src) {
        DiskTree tree = tree();
        if (tree == null) {
            return null;
        }
        for (String loc : src.versionLocations()) {
            if (loc.equals(".") || loc.isEmpty()) {
                continue;
            }
            DiskTree.Read r =
                    tree.readChecked(SourceTree.join(SourceTree.parent(loc), "script.py.mako"), MAX_TEMPLATE_BYTES);
            if (r.ok()) {
                return new String(r.bytes(), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static final int MAX_TEMPLATE_BYTES = 1024 * 1024;

    private static List<Finding> otherFindings(CheckRunner.Analysed a, Policy pol) {
        List<Finding> out = new ArrayList<>();
        for (Finding f : a.loaded().findings()) {
            if (pol.runs(f)) {
                out.add(pol.apply(f));
            }
        }
        return out;
    }
}
