package io.revchain.ingest.webhook;

import java.util.Locale;
import java.util.Optional;

/**
 * A forge whose push webhooks ingest accepts, named by the last segment of the endpoint's path
 * ({@code /webhooks/github}, {@code /webhooks/gitlab}, {@code /webhooks/gitea}; {@code /webhooks/forgejo} is Gitea's
 * protocol, which Forgejo keeps), with the headers that carry its event type, delivery id and signature.
 */
public enum Forge {
    GITHUB("github", "X-GitHub-Event", "push", "X-GitHub-Delivery"),
    GITLAB("gitlab", "X-Gitlab-Event", "Push Hook", "X-Gitlab-Event-UUID"),
    GITEA("gitea", "X-Gitea-Event", "push", "X-Gitea-Delivery");

    private final String wire;
    private final String eventHeader;
    private final String pushEvent;
    private final String deliveryHeader;

    Forge(String wire, String eventHeader, String pushEvent, String deliveryHeader) {
        this.wire = wire;
        this.eventHeader = eventHeader;
        this.pushEvent = pushEvent;
        this.deliveryHeader = deliveryHeader;
    }

    /** The path segment and the name a trigger records. */
    public String wire() {
        return wire;
    }

    /** The header naming the event ({@code push}, {@code Push Hook}). */
    public String eventHeader() {
        return eventHeader;
    }

    /** The value of {@link #eventHeader()} for a push. */
    public String pushEvent() {
        return pushEvent;
    }

    /** The header with the delivery's unique id (the same on a redelivery, which is how a replay is told). */
    public String deliveryHeader() {
        return deliveryHeader;
    }

    /** The forge of a path segment ({@code forgejo} is {@link #GITEA}). */
    public static Optional<Forge> ofPath(String segment) {
        String s = segment.toLowerCase(Locale.ROOT);
        if (s.equals("forgejo")) {
            return Optional.of(GITEA);
        }
        for (Forge f : values()) {
            if (f.wire.equals(s)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
