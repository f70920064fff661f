package io.revchain.ingest.webhook;

import io.revchain.event.PushTrigger;
import io.revchain.event.RepositoryRecord;
import io.revchain.ingest.plan.CandidateRefs;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What ingest answers to one webhook request, and whether it becomes a {@link PushTrigger}. In this order, so that
 * nothing is believed before it is verified:
 *
 * <ol>
 *   <li>an event that is not a push (GitHub's {@code ping}, an issue) is {@code 202} and ignored;</li>
 *   <li>a body that is not a push payload is {@code 400};</li>
 *   <li>a repository no configured one matches ({@link RemoteKey}) is {@code 202} and ignored: nothing about it is
 *   known, not even its secret;</li>
 *   <li>a repository without a webhook secret (none configured, or its variable unset) and a signature or token that
 *   does not verify ({@link Signatures}) are {@code 401}, and nothing is published;</li>
 *   <li>a delivery id seen before ({@link DeliveryLog}) is {@code 202} and ignored: a replay;</li>
 *   <li>a tag, a deleted branch, or a branch neither watched nor a candidate is {@code 202} and ignored;</li>
 *   <li>anything else is {@code 202} with a trigger for that repository and branch.</li>
 * </ol>
 *
 * <p>Messages name the repository id at most, never a secret or a signature. Pure: headers, body, the directory
 * of repositories, the environment and the delivery log are passed in.
 */
public final class WebhookDecision {
    private WebhookDecision() {}

    /**
     * @param status  the HTTP status
     * @param message one line for the response body
     * @param trigger the trigger to publish, or {@code null}
     */
    public record Outcome(int status, String message, PushTrigger trigger) {
        static Outcome ignored(String why) {
            return new Outcome(202, "ignored: " + why, null);
        }
    }

    /**
     * @param forge      the forge the endpoint's path names
     * @param header     request header by name (case-insensitive), or null
     * @param body       the raw body, exactly as received
     * @param repository the configured repository with this remote key ({@link RemoteKey}), if any
     * @param env        environment variable by name (where secrets are), or null
     * @param deliveries delivery ids seen
     * @param now        when the request arrived
     */
    public static Outcome decide(
            Forge forge,
            Function<String, String> header,
            byte[] body,
            Function<String, Optional<RepositoryRecord>> repository,
            Function<String, String> env,
            DeliveryLog deliveries,
            Instant now) {
        String event = header.apply(forge.eventHeader());
        if (event == null || !event.strip().equalsIgnoreCase(forge.pushEvent())) {
            return Outcome.ignored("not a push event");
        }
        Optional<PushPayload> parsed = PushPayload.parse(forge, body);
        if (parsed.isEmpty()) {
            return new Outcome(400, "not a push payload", null);
        }
        PushPayload push = parsed.get();
        Optional<RepositoryRecord> found = Optional.empty();
        for (String remote : push.remotes()) {
            found = repository.apply(RemoteKey.of(remote));
            if (found.isPresent()) {
                break;
            }
        }
        if (found.isEmpty()) {
            return Outcome.ignored("repository not watched");
        }
        RepositoryRecord repo = found.get();
        String secretName = repo.webhookSecret();
        String secret = secretName == null ? null : env.apply(secretName);
        if (secret == null || secret.isEmpty()) {
            return new Outcome(401, "no webhook secret is configured for " + repo.id(), null);
        }
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        boolean valid = switch (forge) {
            case GITHUB -> Signatures.github(body, header.apply("X-Hub-Signature-256"), key);
            case GITLAB -> Signatures.gitlab(header.apply("X-Gitlab-Token"), key);
            case GITEA -> Signatures.gitea(body, giteaSignature(header), key);
        };
        if (!valid) {
            return new Outcome(401, "signature does not verify", null);
        }
        String delivery = header.apply(forge.deliveryHeader());
        if (delivery == null && forge == Forge.GITEA) {
            delivery = header.apply("X-Forgejo-Delivery");
        }
        if (delivery != null && !deliveries.firstTime(forge.wire() + ":" + delivery)) {
            return Outcome.ignored("delivery " + delivery + " was already received");
        }
        Optional<String> branch = push.branch();
        if (branch.isEmpty() || push.deleted()) {
            return Outcome.ignored("not a branch update");
        }
        if (!watched(repo, push.ref(), branch.get())) {
            return Outcome.ignored("branch not watched");
        }
        return new Outcome(
                202,
                "accepted: " + repo.id() + "@" + branch.get(),
                new PushTrigger(repo.id(), branch.get(), push.after(), forge.wire(), delivery, now));
    }

    private static String giteaSignature(Function<String, String> header) {
        String s = header.apply("X-Gitea-Signature");
        return s != null ? s : header.apply("X-Forgejo-Signature");
    }

    /** A watched branch (any, when the default branch is watched: only the poll knows which it is) or a candidate. */
    static boolean watched(RepositoryRecord repo, String ref, String branch) {
        if (repo.branches().isEmpty() || repo.branches().contains(branch) || branch.equals(repo.target())) {
            return true;
        }
        return !repo.candidates().isEmpty()
                && !CandidateRefs.select(repo.candidates(), List.of(ref), List.of())
                        .isEmpty();
    }
}
