package io.revchain.app.cli;

import io.revchain.core.model.CheckInfo;
import java.util.Map;
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
        for (Map.Entry<String, String> e : CheckInfo.all().entrySet()) {
            spec.commandLine().getOut().printf("%-28s %s%n", e.getKey(), e.getValue());
        }
        return 0;
    }
}
