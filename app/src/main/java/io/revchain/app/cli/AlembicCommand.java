package io.revchain.app.cli;

import io.revchain.analysis.AlembicOutcome;
import io.revchain.analysis.AlembicView;
import io.revchain.analysis.RevisionGraph;
import io.revchain.app.Main;
import io.revchain.app.check.CheckRunner;
import io.revchain.app.check.LoadOrder;
import io.revchain.app.format.Untrusted;
import io.revchain.core.model.Finding;
import io.revchain.core.model.MigrationScript;
import io.revchain.core.model.Policy;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The shared shape of {@code heads}, {@code branches} and {@code history}: print what Alembic 1.8.1 prints on the
 * same folder, or, where Alembic would crash, the findings that explain why (exit 1).
 */
abstract class AlembicCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    PathArgument folder;

    @Mixin
    ChainNameOption chainName;

    @Option(
            names = "--alembic-version",
            paramLabel = "X.Y",
            description = "Apply this Alembic release's rules (default: the pinned release, else the current one)")
    String alembicVersion;

    /** The lines Alembic prints for this command. */
    abstract List<String> lines(AlembicView view);

    /** Whether this Alembic command fails on the folder, and how. */
    abstract String failure(AlembicOutcome outcome);

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CheckRunner runner = new CheckRunner();
        CheckRunner.Overrides o = new CheckRunner.Overrides(null, null, null, chainName.name(), alembicVersion);
        Policy policy = runner.policyFor(folder.path(), o);
        List<CheckRunner.Analysed> chains = runner.analyse(folder.path(), policy, o);
        int code = Main.OK;
        for (CheckRunner.Analysed chain : chains) {
            if (chains.size() > 1) {
                out.println("# " + Untrusted.line(chain.source().label()));
            }
            if (!chain.source().resolved()) {
                code = Main.FINDINGS;
                out.println("alembic " + spec.name() + " cannot be run here: the chain's folders are not resolved");
                for (Finding f : chain.result().findings()) {
                    if (f.isError()) {
                        out.println(findingLine(f));
                    }
                }
                continue;
            }
            // from 1.10 Alembic loads each folder sorted (discovery's order); 1.8.1 in os.listdir order
            List<MigrationScript> scripts = LoadOrder.of(folder.path(), chain);
            AlembicView view = new AlembicView(RevisionGraph.inLoadOrder(scripts));
            AlembicOutcome outcome = view.outcome();
            outcome.warnings().forEach(w -> err.println("UserWarning: " + Untrusted.line(w)));
            String failure = failure(outcome);
            if (failure == null) {
                // Alembic prints an id as it is; we print it escaped (Untrusted): the same line for every ordinary id
                lines(view).forEach(l -> out.println(Untrusted.line(l)));
                continue;
            }
            code = Main.FINDINGS;
            out.println("alembic " + spec.name() + " fails here: " + Untrusted.line(failure));
            for (Finding f : chain.result().findings()) {
                if (f.isError()) {
                    out.println(findingLine(f));
                }
            }
        }
        return code;
    }

    /** One error finding under a failure line, every repository string escaped. */
    private static String findingLine(Finding f) {
        return "  " + f.check() + "  "
                + (f.file() == null ? "" : Untrusted.text(f.file()) + (f.line() > 0 ? ":" + f.line() : "")) + "  "
                + Untrusted.line(f.message());
    }
}
