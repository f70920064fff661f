package io.revchain.analysis;

import io.revchain.core.parse.PyRepr;

/**
 * An exception Alembic 1.8.1 would raise, as data: the Python class name and {@code str(exc)}.
 *
 * @param exception Python class name ({@code KeyError}, {@code CycleDetected}, ...)
 * @param message   {@code str(exc)} exactly as Python renders it (a KeyError shows the quoted key)
 * @param file      the file whose loading raised it, or {@code null} when it comes from the map as a whole
 * @param certain   false when a value the static parser could not read decides what really happens
 */
record PyError(String exception, String message, String file, boolean certain) {

    /** Python module that defines the class (what a traceback's last line prefixes), or empty for builtins. */
    String module() {
        switch (exception) {
            case "CommandError":
                return "alembic.util.exc.";
            case "RevisionError":
            case "CycleDetected":
            case "DependencyCycleDetected":
            case "LoopDetected":
            case "DependencyLoopDetected":
            case "MultipleHeads":
            case "ResolutionError":
                return "alembic.script.revision.";
            default:
                return "";
        }
    }

    boolean isCommandError() {
        return "CommandError".equals(exception);
    }

    /** Subclasses of RevisionError, which {@code ScriptDirectory._catch_revision_errors} turns into CommandError. */
    boolean isRevisionError() {
        return module().equals("alembic.script.revision.");
    }

    static PyError keyError(String key) {
        return new PyError("KeyError", PyRepr.of(key), null, true);
    }

    static PyError revisionError(String cls, String message) {
        return new PyError(cls, message, null, true);
    }

    /** Thrown inside a simulated traversal; never escapes the package. */
    static final class Raised extends RuntimeException {
        final PyError error;

        Raised(PyError error) {
            super(error.exception() + ": " + error.message(), null, false, false);
            this.error = error;
        }
    }
}
