package io.revchain.core.config;

import java.util.Map;

/**
 * Where each repository's push-webhook secret is: the NAME of an environment variable (never the secret), the
 * repository's own ({@code webhook_secret:}) or else the organisation's ({@code webhooks: {secret: …}}). A repository
 * with neither accepts no webhook.
 *
 * @param organisation  the variable every repository uses unless it names its own, or {@code null}
 * @param repositories  repository id → its own variable
 */
public record WebhookSecrets(String organisation, Map<String, String> repositories) {

    /** No webhook accepted. */
    public static final WebhookSecrets NONE = new WebhookSecrets(null, Map.of());

    public WebhookSecrets {
        repositories = repositories == null ? Map.of() : Map.copyOf(repositories);
    }

    /** The variable with {@code repo}'s secret, or {@code null}. */
    public String forRepository(String repo) {
        return repositories.getOrDefault(repo, organisation);
    }
}
