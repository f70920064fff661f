package io.revchain.app.cli;

import io.revchain.analysis.AlembicOutcome;
import io.revchain.analysis.AlembicView;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code revchain branches PATH}: what {@code alembic branches} prints: each branch point and its children. */
@Command(
        name = "branches",
        mixinStandardHelpOptions = true,
        description = "Print what 'alembic branches' prints on PATH (exit 1 with the findings where Alembic crashes).")
public final class BranchesCommand extends AlembicCommand {
    @Override
    List<String> lines(AlembicView view) {
        return view.branches();
    }

    @Override
    String failure(AlembicOutcome o) {
        return o.historyHangs() || o.historyException() != null ? o.historyPrinted() : null;
    }
}
