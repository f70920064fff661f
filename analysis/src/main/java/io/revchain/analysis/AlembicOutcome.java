package io.revchain.analysis;

import java.util.List;

/**
 * What real Alembic 1.8.1 does on this folder: building the revision map (any command), {@code alembic heads},
 * and walking the history ({@code alembic history}, and every upgrade, which walks the same way).
 *
 * @param exception         Python class of the exception that ends the run ({@code KeyError},
 *                          {@code CycleDetected}, {@code CommandError}, ...), or {@code null} when the map builds
 * @param message           {@code str(exception)} exactly (a KeyError shows the quoted key), or {@code null}
 * @param file              the file being loaded when it failed, or {@code null} for a failure of the map as a whole
 * @param warnings          the {@code UserWarning}s printed before that, in order
 * @param exitStatus        exit status of {@code alembic heads}: 0, 1 (traceback) or 255 ({@code FAILED:})
 * @param historyException  what {@code alembic history} raises (building the map inside Alembic's error wrapper,
 *                          then walking), or {@code null}
 * @param historyMessage    its message, or {@code null}
 * @param historyExitStatus exit status of {@code alembic history}; -1 when it never returns
 * @param historyHangs      {@code alembic history} (and {@code upgrade}) loops forever
 * @param certain           false when a value revchain could not read statically (a non-literal, a file that
 *                          does not compile) decides the real outcome
 */
public record AlembicOutcome(
        String exception,
        String message,
        String file,
        List<String> warnings,
        int exitStatus,
        String historyException,
        String historyMessage,
        int historyExitStatus,
        boolean historyHangs,
        boolean certain) {

    public AlembicOutcome {
        warnings = List.copyOf(warnings);
    }

    /** Whether the map builds ({@code alembic heads} exits 0). */
    public boolean ok() {
        return exception == null;
    }

    /** The last line {@code alembic heads} shows: {@code FAILED: ...} or the traceback's final line; null when ok. */
    public String printed() {
        return render(exception, message);
    }

    /** The same for {@code alembic history}. */
    public String historyPrinted() {
        if (historyHangs) {
            return "(never returns)";
        }
        return render(historyException, historyMessage);
    }

    private static String render(String exception, String message) {
        if (exception == null) {
            return null;
        }
        if (exception.equals("CommandError")) {
            return "FAILED: " + message;
        }
        String module = new PyError(exception, message, null, true).module();
        return module + exception + (message == null || message.isEmpty() ? "" : ": " + message);
    }
}
