package io.revchain.app.cli;

import io.revchain.core.model.Check;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code revchain checks}: every check name and what it means. */
@Command(name = "checks", mixinStandardHelpOptions = true, description = "List every check and what it means.")
public final class ChecksCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        for (Check c : Check.values()) {
            spec.commandLine().getOut().printf("%-28s %s%n", c.wire(), c.description());
        }
        return 0;
    }
}
