package io.revchain.git;

/** A repository could not be cloned or fetched; the message is for a human and never holds a credential. */
public final class GitUnavailableException extends Exception {
    public GitUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
