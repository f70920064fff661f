package io.revchain.app.cli;

import io.revchain.analysis.AlembicOutcome;
import io.revchain.analysis.AlembicView;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code revchain history PATH}: what {@code alembic history} prints, newest first. */
@Command(
        name = "history",
        mixinStandardHelpOptions = true,
        description = "Print what 'alembic history' prints on PATH (exit 1 with the findings where Alembic "
                + "crashes or never returns).")
public final class HistoryCommand extends AlembicCommand {
    @Override
    List<String> lines(AlembicView view) {
        return view.history();
    }

    @Override
    String failure(AlembicOutcome o) {
        return o.historyHangs() || o.historyException() != null ? o.historyPrinted() : null;
    }
}
