package io.revchain.app.cli;

import io.revchain.app.Main;
import io.revchain.app.check.Adoption;
import io.revchain.app.check.CheckResult;
import io.revchain.app.check.CheckRunner;
import io.revchain.core.adoption.Baseline;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code revchain baseline PATH}: records today's findings so that {@code check --baseline} reports only new ones. */
@Command(
        name = "baseline",
        mixinStandardHelpOptions = true,
        description = "Write every finding 'revchain check PATH' reports today to a baseline file; "
                + "'revchain check PATH --baseline FILE' then fails only on new findings.")
public final class BaselineCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    PathArgument folder;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "Where to write it (default: PATH/" + Baseline.FILE_NAME + ")")
    Path output;

    @Option(
            names = "--policy",
            paramLabel = "alembic|acgs2",
            description = "As for check: use the settings check will run with")
    String policy;

    @Option(names = "--marker", paramLabel = "STRING", description = "As for check")
    String marker;

    @Option(names = "--ignore", split = ",", paramLabel = "CHECK", description = "As for check")
    List<String> ignore;

    @Option(
            names = {"-n", "--name"},
            paramLabel = "NAME",
            description = "As for check")
    String name;

    @Option(names = "--alembic-version", paramLabel = "X.Y", description = "As for check")
    String alembicVersion;

    @Override
    public Integer call() {
        CheckResult result = new CheckRunner()
                .check(folder.path(), new CheckRunner.Overrides(policy, marker, ignore, name, alembicVersion));
        Baseline b = Adoption.baselineOf(result);
        Path file = output != null ? output : folder.path().resolve(Baseline.FILE_NAME);
        Adoption.writeFile(file, b.toJson());
        spec.commandLine()
                .getOut()
                .println("wrote " + b.entries().size() + " finding"
                        + (b.entries().size() == 1 ? "" : "s") + " to "
                        + file + "; 'revchain check " + folder.path() + " --baseline " + file
                        + "' now reports only new ones");
        return Main.OK;
    }
}
