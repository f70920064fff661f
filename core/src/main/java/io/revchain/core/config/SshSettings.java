package io.revchain.core.config;

import java.util.List;

/**
 * How ingest reaches {@code ssh://} and scp-like ({@code git@host:org/repo.git}) remotes: an {@code ssh:} mapping of
 * the organisation's {@code revchain.yaml}, at the top (every repository) or in one repository (overrides the top,
 * key by key).
 *
 * <p>It decides which files are used: {@code key} = the one private key offered (unset: the default identities of
 * {@code ~/.ssh}, {@code id_ed25519}, {@code id_ecdsa}, {@code id_rsa}, …), {@code known_hosts} = the one file host
 * keys are checked against (unset: {@code ~/.ssh/known_hosts}). Paths are absolute or start with {@code ~/} (the
 * home directory from {@code HOME}); a relative path is refused because what it would be relative to is a guess.
 *
 * @param key        the private key file, {@code null} = the default identities
 * @param knownHosts the known_hosts file, {@code null} = {@code ~/.ssh/known_hosts}
 */
public record SshSettings(String key, String knownHosts) {

    public static final SshSettings NONE = new SshSettings(null, null);
    public static final List<String> KEYS = List.of("key", "known_hosts");

    public SshSettings {
        for (String p : new String[] {key, knownHosts}) {
            if (p != null && !isUsablePath(p)) {
                throw new IllegalArgumentException("ssh path '" + p + "' must be absolute or start with '~/'");
            }
        }
    }

    /** These settings, each unset one taken from {@code outer} (the organisation-wide ones). */
    public SshSettings orElse(SshSettings outer) {
        return new SshSettings(key != null ? key : outer.key, knownHosts != null ? knownHosts : outer.knownHosts);
    }

    static boolean isUsablePath(String p) {
        return p.startsWith("/") || p.startsWith("~/");
    }
}
