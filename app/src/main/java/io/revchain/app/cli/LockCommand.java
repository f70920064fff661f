package io.revchain.app.cli;

import io.revchain.app.Main;
import io.revchain.app.check.Adoption;
import io.revchain.app.check.CheckRunner;
import io.revchain.core.adoption.HeadLock;
import io.revchain.core.model.Policy;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
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

    @Mixin
    PathArgument folder;

    @Mixin
    ChainNameOption chainName;

    @Override
    public Integer call() {
        CheckRunner runner = new CheckRunner();
        CheckRunner.Overrides o = new CheckRunner.Overrides(null, null, null, chainName.name(), null);
        Policy policy = runner.policyFor(folder.path(), o);
        List<CheckRunner.Analysed> chains = runner.analyse(folder.path(), policy, o);
        List<Adoption.LockFile> locks = Adoption.lockFiles(chains);
        if (locks.isEmpty()) {
            throw new UserError(folder.path() + ": no chain with a versions folder to lock");
        }
        PrintWriter out = spec.commandLine().getOut();
        for (Adoption.LockFile lock : locks) {
            Adoption.writeFile(folder.path().resolve(lock.path()), HeadLock.render(lock.heads()));
            out.println("wrote " + lock.path() + ": "
                    + (lock.heads().isEmpty() ? "no head" : String.join(", ", lock.heads())));
        }
        return Main.OK;
    }
}
