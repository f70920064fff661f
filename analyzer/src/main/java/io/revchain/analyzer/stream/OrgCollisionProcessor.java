package io.revchain.analyzer.stream;

import io.revchain.analysis.org.RevisionCollision;
import io.revchain.analysis.org.RevisionCollision.Claim;
import io.revchain.event.JsonSerde;
import io.revchain.event.OrgFinding;
import io.revchain.event.RevisionClaim;
import io.revchain.event.Topics;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The revision-partitioned half of the organisation view: a global store keyed by revision id holding every file
 * of every watched branch that declares it ({@link OrgTopology#REVISIONS_STORE}), updated claim by claim, and an
 * {@link OrgFinding} on {@code revchain.org-findings} whenever the {@link RevisionCollision} it makes changes: a
 * finding when the id is declared in two or more repositories, a tombstone when it no longer is.
 *
 * <p>Under {@code exactly_once_v2} an unchanged collision is not re-sent. Under {@code at_least_once} it is, and a
 * withdrawal that leaves no collision sends a tombstone even when none seemed due, because a crash between the
 * store write and the send would otherwise lose it for good (both harmless on the compacted topic).
 */
final class OrgCollisionProcessor implements Processor<String, byte[], String, OrgFinding> {

    private static final Logger LOG = LoggerFactory.getLogger(OrgCollisionProcessor.class);

    @SuppressWarnings("unchecked")
    private static final JsonSerde<RevisionClaim> CLAIMS = (JsonSerde<RevisionClaim>) Topics.ORG_CLAIMS.valueSerde();

    private final Clock clock;
    private final boolean suppressUnchanged;
    private ProcessorContext<String, OrgFinding> context;
    private KeyValueStore<String, OrgClaims> revisions;

    OrgCollisionProcessor(Clock clock, boolean suppressUnchanged) {
        this.clock = clock;
        this.suppressUnchanged = suppressUnchanged;
    }

    /** The store's value: every claim of one revision id. */
    record OrgClaims(List<Claim> claims) {
        OrgClaims {
            claims = claims == null ? List.of() : List.copyOf(claims);
        }
    }

    @Override
    public void init(ProcessorContext<String, OrgFinding> context) {
        this.context = context;
        this.revisions = context.getStateStore(OrgTopology.REVISIONS_STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        RevisionClaim claim;
        try {
            claim = CLAIMS.read(record.value());
        } catch (RuntimeException e) {
            // written by this analyzer's own other half: an unreadable one is a bug, not a reason to stop the stream
            LOG.warn("skipping an unreadable org claim for key {}: {}", record.key(), e.getMessage());
            return;
        }
        if (claim == null || !claim.revision().equals(record.key())) {
            return;
        }
        OrgClaims stored = revisions.get(claim.revision());
        List<Claim> before = stored == null ? List.of() : stored.claims();
        List<Claim> after = RevisionCollision.apply(
                before, new Claim(claim.repo(), claim.branch(), claim.path(), claim.blob()), claim.present());
        if (after.isEmpty()) {
            revisions.delete(claim.revision());
        } else if (!after.equals(before)) {
            revisions.put(claim.revision(), new OrgClaims(after));
        }
        Optional<RevisionCollision> was = RevisionCollision.of(claim.revision(), before);
        Optional<RevisionCollision> now = RevisionCollision.of(claim.revision(), after);
        if (now.isPresent()) {
            if (!suppressUnchanged || !Objects.equals(was, now)) {
                context.forward(new Record<>(claim.revision(), finding(now.get()), record.timestamp()));
            }
        } else if (was.isPresent() || !suppressUnchanged && !claim.present()) {
            context.forward(new Record<String, OrgFinding>(claim.revision(), null, record.timestamp()));
        }
    }

    private OrgFinding finding(RevisionCollision c) {
        return new OrgFinding(
                c.revision(),
                c.kind().wire(),
                c.handTyped(),
                c.repositories(),
                c.claims().stream()
                        .map(x -> new OrgFinding.Location(x.repo(), x.branch(), x.path(), x.blob()))
                        .toList(),
                c.message(),
                clock.instant());
    }
}
