package io.revchain.app.cli;

import io.revchain.app.Main;
import io.revchain.app.check.Adoption;
import io.revchain.app.check.CheckRunner;
import io.revchain.core.adoption.HeadLock;
import io.revchain.core.model.Policy;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code revchain lock PATH}: writes each chain's heads to {@value HeadLock#FILE_NAME} in its first versions folder,
 * so that two branches that each add a migration conflict in git, and {@code check} fails when the file is stale.
 */
@Command(
        name = "lock",
        mixinStandardHelpOptions = true,
        description = "Write each chain's current head(s) to " + HeadLock.FILE_NAME + " in its versions folder; "
                + "commit it. Two branches that each add a migration then conflict on it in git, and "
                + "'revchain check' fails while it is stale.")
public final class LockCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = "PATH",
            defaultValue = ".",
            description = "A repository, a folder holding alembic.ini, or a versions folder (default: .)")
    Path path;

    @Option(
            names = {"-n", "--name"},
            paramLabel = "NAME",
            description = "Only the chain(s) of this name: an alembic.ini section, as alembic -n NAME selects it")
    String name;

    @Override
    public Integer call() {
        CheckRunner runner = new CheckRunner();
        CheckRunner.Overrides o = new CheckRunner.Overrides(null, null, null, name, null);
        Policy policy = runner.policyFor(path, o);
        List<CheckRunner.Analysed> chains = runner.analyse(path, policy, o);
        List<Adoption.LockFile> locks = Adoption.lockFiles(chains);
        if (locks.isEmpty()) {
            throw new UserError(path + ": no chain with a versions folder to lock");
        }
        PrintWriter out = spec.commandLine().getOut();
        for (Adoption.LockFile lock : locks) {
            Adoption.writeFile(path.resolve(lock.path()), HeadLock.render(lock.heads()));
            out.println("wrote " + lock.path() + ": "
                    + (lock.heads().isEmpty() ? "no head" : String.join(", ", lock.heads())));
        }
        return Main.OK;
    }
}
