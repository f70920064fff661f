package io.revchain.app.cli;

import io.revchain.analysis.AlembicOutcome;
import io.revchain.analysis.AlembicView;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code revchain heads PATH}: what {@code alembic heads} prints, without importing a file. */
@Command(
        name = "heads",
        mixinStandardHelpOptions = true,
        description = "Print what 'alembic heads' prints on PATH (exit 1 with the findings where Alembic crashes).")
public final class HeadsCommand extends AlembicCommand {
    @Override
    List<String> lines(AlembicView view) {
        return view.heads();
    }

    @Override
    String failure(AlembicOutcome o) {
        return o.ok() ? null : o.printed();
    }
}
