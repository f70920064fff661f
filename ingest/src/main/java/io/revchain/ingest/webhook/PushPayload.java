package io.revchain.ingest.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The part of a forge's push payload a trigger needs: the repository's remotes, the ref pushed, the commit it now
 * points at and whether the push deleted it. Read from each forge's documented fields (GitHub and Gitea:
 * {@code repository.clone_url}, {@code ssh_url}, {@code html_url}; GitLab: {@code project.git_http_url},
 * {@code git_ssh_url}, {@code web_url} and the older {@code repository.*}); anything else is ignored.
 *
 * @param remotes the repository's URLs as the forge states them
 * @param ref     the full ref ({@code refs/heads/main})
 * @param after   the commit the ref points at after the push (all zeros when deleted)
 * @param deleted whether the ref was deleted
 */
public record PushPayload(List<String> remotes, String ref, String after, boolean deleted) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ZERO = "0000000000000000000000000000000000000000";

    public PushPayload {
        remotes = List.copyOf(remotes);
    }

    /** The payload of {@code forge}, or empty when {@code body} is not a push payload this reads. */
    public static Optional<PushPayload> parse(Forge forge, byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (root == null || !root.isObject() || !root.path("ref").isTextual()) {
            return Optional.empty();
        }
        List<String> remotes = new ArrayList<>();
        if (forge == Forge.GITLAB) {
            add(remotes, root.path("project"), "git_http_url", "git_ssh_url", "web_url", "http_url", "ssh_url");
            add(remotes, root.path("repository"), "git_http_url", "git_ssh_url", "homepage", "url");
        } else {
            add(remotes, root.path("repository"), "clone_url", "ssh_url", "html_url", "git_url", "url");
        }
        String after = root.path("after").asText("");
        boolean deleted = root.path("deleted").asBoolean(false) || after.equals(ZERO);
        return Optional.of(new PushPayload(remotes, root.path("ref").asText(), after, deleted));
    }

    private static void add(List<String> out, JsonNode node, String... fields) {
        for (String f : fields) {
            JsonNode v = node.path(f);
            if (v.isTextual() && !v.asText().isBlank()) {
                out.add(v.asText());
            }
        }
    }

    /** The branch pushed, when the ref is a branch. */
    public Optional<String> branch() {
        return ref.startsWith("refs/heads/") ? Optional.of(ref.substring("refs/heads/".length())) : Optional.empty();
    }
}
