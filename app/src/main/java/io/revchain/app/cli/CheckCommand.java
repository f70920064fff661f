package io.revchain.app.cli;

import io.revchain.app.Main;
import io.revchain.app.check.Adoption;
import io.revchain.app.check.AgainstRunner;
import io.revchain.app.check.CheckResult;
import io.revchain.app.check.CheckRunner;
import io.revchain.app.format.OutputFormat;
import io.revchain.core.adoption.Baseline;
import io.revchain.core.model.Severity;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code revchain check PATH}: every finding in every migration chain under PATH. */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description = "Check the Alembic migration chains under PATH without importing any file.")
public final class CheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    PathArgument folder;

    @Option(
            names = "--policy",
            paramLabel = "alembic|acgs2",
            description = "alembic (default): errors are what makes Alembic fail; acgs2: one linear chain, "
                    + "constitutional hash in every file. Overrides .revchain.yaml.")
    String policy;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "text",
            description = "text, json, sarif or github (default: ${DEFAULT-VALUE})")
    OutputFormat format;

    @Option(
            names = "--marker",
            paramLabel = "STRING",
            description = "The string every migration must carry under acgs2 (default: the constitutional hash)")
    String marker;

    @Option(
            names = "--ignore",
            split = ",",
            paramLabel = "CHECK",
            description = "Checks not to report (comma separated)")
    List<String> ignore;

    @Option(
            names = "--against",
            paramLabel = "REF",
            description = "Check the current HEAD merged into REF (a branch, tag or commit of PATH's git working "
                    + "copy): only what the merge would break, such as two heads (for pull-request CI)")
    String against;

    @Mixin
    ChainNameOption chainName;

    @Option(
            names = "--alembic-version",
            paramLabel = "X.Y",
            description = "Apply this Alembic release's rules (default: the release the repository pins, else the "
                    + "current one; 1.8.1 is the exact behaviour of Debian's Alembic)")
    String alembicVersion;

    /** Which findings make the exit code 1. */
    enum FailOn {
        error,
        warning,
        never
    }

    @Option(
            names = "--fail-on",
            paramLabel = "SEVERITY",
            defaultValue = "error",
            description = "Exit 1 on findings of this severity or worse: error (default), warning (two heads "
                    + "included, a CI or pre-commit gate) or never")
    FailOn failOn;

    @Option(
            names = "--tracked-only",
            description = "Leave out migration files git does not track, and name them: check what a commit holds "
                    + "(a pre-commit hook, where a file not yet 'git add'ed would otherwise make the chain look whole)")
    boolean trackedOnly;

    @Option(
            names = "--baseline",
            paramLabel = "FILE",
            description = "Report and fail only on findings not recorded in FILE (written by 'revchain baseline'); "
                    + "say how many recorded ones remain and how many were fixed")
    Path baseline;

    @Option(
            names = "--sarif-file",
            paramLabel = "FILE",
            description = "Also write the SARIF report to FILE, from the same run (CI: annotations or JSON on "
                    + "stdout, SARIF for code scanning)")
    Path sarifFile;

    @Override
    public Integer call() {
        CheckRunner.Overrides o =
                new CheckRunner.Overrides(policy, marker, ignore, chainName.name(), alembicVersion, trackedOnly);
        // the baseline is read first: a bad file is a usage error whatever the chain holds
        Baseline known = baseline == null ? null : Adoption.readBaseline(baseline);
        CheckResult result = against == null
                ? new CheckRunner().check(folder.path(), o)
                : new AgainstRunner().check(folder.path(), against, o);
        if (known != null) {
            result = Adoption.withBaseline(result, known, baseline.toString());
        }
        format.write(result, spec.commandLine().getOut());
        if (sarifFile != null) {
            writeSarif(result);
        }
        boolean failed = switch (failOn) {
            case error -> !result.healthy();
            case warning ->
                !result.healthy() || result.allFindings().stream().anyMatch(f -> f.severity() == Severity.WARNING);
            case never -> false;
        };
        return failed ? Main.FINDINGS : Main.OK;
    }

    // streamed like stdout (a large report is never one string); never through a link
    private void writeSarif(CheckResult result) {
        if (Files.isSymbolicLink(sarifFile)
                || (Files.exists(sarifFile, LinkOption.NOFOLLOW_LINKS)
                        && !Files.isRegularFile(sarifFile, LinkOption.NOFOLLOW_LINKS))) {
            throw new UserError(sarifFile + ": not a regular file; not replaced");
        }
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(sarifFile, StandardCharsets.UTF_8))) {
            OutputFormat.sarif.write(result, w);
            if (w.checkError()) {
                throw new UncheckedIOException(sarifFile + ": cannot be written", new IOException("write failed"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    sarifFile + ": cannot be written (" + e.getClass().getSimpleName() + ")", e);
        }
    }
}
