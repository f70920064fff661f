package io.revchain.ingest.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.core.config.RepositorySpec;
import io.revchain.event.RepositoryRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Webhook verification and decisions on payloads shaped as each forge documents them, signed outside Java (the
 * hex digests below were computed with Python's {@code hmac} over the resource files' bytes, secret
 * {@value #SECRET}), so the verification is checked against an independent implementation of each forge's rule.
 */
class WebhookDecisionTest {

    static final String SECRET = "correct horse battery staple";
    /** {@code hmac.new(SECRET, github-push.json, sha256).hexdigest()} */
    static final String GITHUB_SIG = "e9723eabdb1c3df4f41779cd8f2545c6dd49512cf9516a991189edf977ee4ac3";
    /** {@code hmac.new(SECRET, gitea-push.json, sha256).hexdigest()} */
    static final String GITEA_SIG = "c9c5c02b736c5a7ea32752b3e906fa36c3d1c665183bda611fada3410719d127";

    static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");

    private final Map<String, RepositoryRecord> byRemote = new HashMap<>();
    private final Map<String, String> env = Map.of("HOOK_SECRET", SECRET);

    WebhookDecisionTest() {
        watch(RepositorySpec.of("billing", "https://github.com/acme/billing.git")
                .withBranches(List.of("main")));
        watch(RepositorySpec.of("inventory", "git@gitlab.example.com:shop/inventory.git")
                .withBranches(List.of("main", "release")));
        watch(RepositorySpec.of("ledger", "https://codeberg.example.org/ops/ledger"));
    }

    private void watch(RepositorySpec spec) {
        byRemote.put(RemoteKey.of(spec.remote().url()), RepositoryRecord.of(spec, "HOOK_SECRET"));
    }

    private static byte[] payload(String name) throws IOException {
        try (InputStream in = WebhookDecisionTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    private WebhookDecision.Outcome decide(Forge forge, Map<String, String> headers, byte[] body, DeliveryLog log) {
        Map<String, String> lower = new HashMap<>();
        headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
        Function<String, String> header = name -> lower.get(name.toLowerCase(Locale.ROOT));
        return WebhookDecision.decide(
                forge, header, body, key -> Optional.ofNullable(byRemote.get(key)), env::get, log, NOW);
    }

    @Test
    void githubsDocumentedExampleVerifies() {
        // the example of GitHub's "Validating webhook deliveries"
        byte[] secret = "It's a Secret to Everybody".getBytes(StandardCharsets.UTF_8);
        byte[] body = "Hello, World!".getBytes(StandardCharsets.UTF_8);
        assertThat(Signatures.github(
                        body, "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", secret))
                .isTrue();
        assertThat(Signatures.github(
                        body, "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e18", secret))
                .isFalse();
        // the old SHA-1 header's form is not accepted in its place
        assertThat(Signatures.github(body, "sha1=01dc10d0c83e72ed246219cdd91669667fe2ca59", secret))
                .isFalse();
        assertThat(Signatures.github(body, null, secret)).isFalse();
    }

    @Test
    void aSignedGithubPushForAWatchedBranchIsATriggerAndItsReplayIsIgnored() throws IOException {
        byte[] body = payload("github-push.json");
        DeliveryLog log = new DeliveryLog(100);
        Map<String, String> headers = Map.of(
                "X-GitHub-Event", "push",
                "X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958",
                "X-Hub-Signature-256", "sha256=" + GITHUB_SIG);

        WebhookDecision.Outcome first = decide(Forge.GITHUB, headers, body, log);
        assertThat(first.status()).isEqualTo(202);
        assertThat(first.trigger()).isNotNull();
        assertThat(first.trigger().repo()).isEqualTo("billing");
        assertThat(first.trigger().branch()).isEqualTo("main");
        assertThat(first.trigger().commit()).isEqualTo("0000000000000000000000000000000000000001");
        assertThat(first.trigger().forge()).isEqualTo("github");
        assertThat(first.trigger().delivery()).isEqualTo("72d3162e-cc78-11e3-81ab-4c9367dc0958");

        // the same delivery again (GitHub's "Redeliver", or a captured request replayed) triggers nothing
        WebhookDecision.Outcome replay = decide(Forge.GITHUB, headers, body, log);
        assertThat(replay.status()).isEqualTo(202);
        assertThat(replay.trigger()).isNull();
        assertThat(replay.message()).contains("already received");
    }

    @Test
    void aBadSignatureIsRefusedAndNamesNoSecret() throws IOException {
        byte[] body = payload("github-push.json");
        byte[] tampered = new String(body, StandardCharsets.UTF_8)
                .replace("refs/heads/main", "refs/heads/evil")
                .getBytes(StandardCharsets.UTF_8);
        WebhookDecision.Outcome o = decide(
                Forge.GITHUB,
                Map.of("X-GitHub-Event", "push", "X-Hub-Signature-256", "sha256=" + GITHUB_SIG),
                tampered,
                new DeliveryLog(10));
        assertThat(o.status()).isEqualTo(401);
        assertThat(o.trigger()).isNull();
        assertThat(o.message()).doesNotContain(SECRET).doesNotContain(GITHUB_SIG);

        WebhookDecision.Outcome unsigned =
                decide(Forge.GITHUB, Map.of("X-GitHub-Event", "push"), body, new DeliveryLog(10));
        assertThat(unsigned.status()).isEqualTo(401);
    }

    @Test
    void aSignedGiteaPushVerifiesUnderEitherHeaderName() throws IOException {
        byte[] body = payload("gitea-push.json");
        WebhookDecision.Outcome gitea = decide(
                Forge.GITEA,
                Map.of("X-Gitea-Event", "push", "X-Gitea-Delivery", "d1", "X-Gitea-Signature", GITEA_SIG),
                body,
                new DeliveryLog(10));
        assertThat(gitea.status()).isEqualTo(202);
        assertThat(gitea.trigger().repo()).isEqualTo("ledger");
        assertThat(gitea.trigger().branch()).isEqualTo("main");
        assertThat(gitea.trigger().forge()).isEqualTo("gitea");
        // Forgejo's own header name for the same signature
        WebhookDecision.Outcome forgejo = decide(
                Forge.GITEA,
                Map.of("X-Gitea-Event", "push", "X-Forgejo-Delivery", "d2", "X-Forgejo-Signature", GITEA_SIG),
                body,
                new DeliveryLog(10));
        assertThat(forgejo.trigger()).isNotNull();
        WebhookDecision.Outcome wrong = decide(
                Forge.GITEA,
                Map.of("X-Gitea-Event", "push", "X-Gitea-Signature", GITEA_SIG.replace('c', 'd')),
                body,
                new DeliveryLog(10));
        assertThat(wrong.status()).isEqualTo(401);
    }

    @Test
    void gitlabsTokenIsComparedWhole() throws IOException {
        byte[] body = payload("gitlab-push.json");
        WebhookDecision.Outcome ok = decide(
                Forge.GITLAB,
                Map.of("X-Gitlab-Event", "Push Hook", "X-Gitlab-Event-UUID", "u1", "X-Gitlab-Token", SECRET),
                body,
                new DeliveryLog(10));
        assertThat(ok.status()).isEqualTo(202);
        assertThat(ok.trigger().repo()).isEqualTo("inventory");
        assertThat(ok.trigger().branch()).isEqualTo("release");
        assertThat(ok.trigger().commit()).isEqualTo("da1560886d4f094c3e6c9ef40349f7d38b5d27d7");
        for (String token : List.of(SECRET + "x", SECRET.substring(1), "", SECRET.toUpperCase(Locale.ROOT))) {
            WebhookDecision.Outcome bad = decide(
                    Forge.GITLAB,
                    Map.of("X-Gitlab-Event", "Push Hook", "X-Gitlab-Token", token),
                    body,
                    new DeliveryLog(10));
            assertThat(bad.status()).as(token).isEqualTo(401);
            assertThat(bad.trigger()).isNull();
        }
    }

    @Test
    void unknownRepositoriesOtherEventsAndUnwatchedBranchesAreIgnored() throws IOException {
        byte[] github = payload("github-push.json");
        // a repository nobody configured: 202, nothing to verify against, nothing published
        byRemote.clear();
        WebhookDecision.Outcome unknown = decide(
                Forge.GITHUB,
                Map.of("X-GitHub-Event", "push", "X-Hub-Signature-256", "sha256=" + GITHUB_SIG),
                github,
                new DeliveryLog(10));
        assertThat(unknown.status()).isEqualTo(202);
        assertThat(unknown.trigger()).isNull();
        assertThat(unknown.message()).contains("not watched");

        // GitHub's ping when a hook is created
        WebhookDecision.Outcome ping = decide(
                Forge.GITHUB,
                Map.of("X-GitHub-Event", "ping"),
                "{}".getBytes(StandardCharsets.UTF_8),
                new DeliveryLog(10));
        assertThat(ping.status()).isEqualTo(202);
        assertThat(ping.trigger()).isNull();

        // a branch the repository does not watch, and a configured repository without a secret
        watch(RepositorySpec.of("billing", "https://github.com/acme/billing").withBranches(List.of("release")));
        WebhookDecision.Outcome unwatched = decide(
                Forge.GITHUB,
                Map.of("X-GitHub-Event", "push", "X-Hub-Signature-256", "sha256=" + GITHUB_SIG),
                github,
                new DeliveryLog(10));
        assertThat(unwatched.status()).isEqualTo(202);
        assertThat(unwatched.trigger()).isNull();
        assertThat(unwatched.message()).contains("branch not watched");
        byRemote.put(
                RemoteKey.of("https://github.com/acme/billing"),
                RepositoryRecord.of(RepositorySpec.of("billing", "https://github.com/acme/billing")));
        WebhookDecision.Outcome noSecret = decide(
                Forge.GITHUB,
                Map.of("X-GitHub-Event", "push", "X-Hub-Signature-256", "sha256=" + GITHUB_SIG),
                github,
                new DeliveryLog(10));
        assertThat(noSecret.status()).isEqualTo(401);

        // not JSON at all
        WebhookDecision.Outcome junk = decide(
                Forge.GITHUB,
                Map.of("X-GitHub-Event", "push"),
                "not json".getBytes(StandardCharsets.UTF_8),
                new DeliveryLog(10));
        assertThat(junk.status()).isEqualTo(400);
    }

    @Test
    void remotesAreMatchedWhateverTheirSpelling() {
        String key = RemoteKey.of("https://github.com/acme/billing.git");
        assertThat(RemoteKey.of("git@github.com:acme/billing.git")).isEqualTo(key);
        assertThat(RemoteKey.of("ssh://git@GitHub.com:22/acme/billing")).isEqualTo(key);
        assertThat(RemoteKey.of("https://token@github.com/acme/billing/")).isEqualTo(key);
        assertThat(RemoteKey.of("https://github.com/acme/billing-old.git")).isNotEqualTo(key);
        assertThat(RemoteKey.of("/srv/git/billing.git")).isEqualTo("/srv/git/billing");
        assertThat(RemoteKey.of("file:///srv/git/billing.git")).isEqualTo("/srv/git/billing");
    }

    @Test
    void theDeliveryLogForgetsTheOldestBeyondItsCapacity() {
        DeliveryLog log = new DeliveryLog(2);
        assertThat(log.firstTime("a")).isTrue();
        assertThat(log.firstTime("a")).isFalse();
        assertThat(log.firstTime("b")).isTrue();
        assertThat(log.firstTime("c")).isTrue();
        // "a" fell out: seen again it costs one extra fetch, never an unbounded memory
        assertThat(log.firstTime("a")).isTrue();
        assertThat(log.firstTime("c")).isFalse();
    }
}
