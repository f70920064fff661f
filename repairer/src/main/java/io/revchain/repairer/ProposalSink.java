package io.revchain.repairer;

import io.revchain.event.FixClosure;
import io.revchain.event.FixProposal;

/** Where proposals go: {@code revchain.fix-proposals} in production, a list in a unit test. */
@FunctionalInterface
interface ProposalSink {

    /**
     * Publishes {@code proposal} under {@code key} ({@code repo@branch}) and returns once it is accepted;
     * {@code null} withdraws the key's proposal (a tombstone).
     */
    void send(String key, FixProposal proposal);

    /**
     * Withdraws the key's proposal because the branch became healthy, saying which fix plans the healthy commit's
     * history carries ({@link FixClosure}); a sink that cannot carry it sends the plain tombstone.
     */
    default void close(String key, FixClosure closure) {
        send(key, null);
    }
}
