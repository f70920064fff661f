package io.revchain.app.cli;

/** A mistake of the user's (bad path, bad configuration): one line on stderr, exit 2, never a stack trace. */
public final class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }
}
