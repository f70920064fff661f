package io.revchain.git;

import io.revchain.core.config.RepositorySpec;
import io.revchain.core.config.SshSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.eclipse.jgit.errors.UnsupportedCredentialItem;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.sshd.KeyPasswordProvider;
import org.eclipse.jgit.transport.sshd.ServerKeyDatabase;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

/**
 * The SSH side of one repository's sync: an {@link SshdSessionFactory} (JGit over Apache MINA sshd) set up from
 * the environment's {@code HOME} and the repository's {@link SshSettings}, and the one-line explanation of why a
 * connection was refused.
 *
 * <p>It decides three things. Host keys are checked strictly against one known_hosts file: an unknown host or a
 * changed key is refused, whatever {@code ~/.ssh/config} says, and the message says which line to add. Only
 * public-key authentication is tried, with the configured key or else {@code ~/.ssh}'s default identities. Nothing
 * ever prompts: no password, no passphrase (a passphrase-protected key is an error), no "accept this host?".
 */
final class SshRemote implements AutoCloseable {

    private final String repo;
    private final Path knownHosts;
    private final Path key;
    private final SshdSessionFactory factory;
    /** The first refusal this class can explain better than JGit's exception. */
    private final AtomicReference<String> problem = new AtomicReference<>();

    private final AtomicBoolean hostAccepted = new AtomicBoolean();

    static {
        // revchain reports every SSH failure itself, in one line naming the repository: the client's own WARN
        // lines (with stack traces, e.g. for a passphrase-protected key) would only repeat it (slf4j-simple reads
        // these when a logger is created; a level the user set is kept)
        for (String logger : new String[] {
            "org.apache.sshd", "org.eclipse.jgit.internal.transport.sshd", "org.eclipse.jgit.transport.sshd"
        }) {
            String property = "org.slf4j.simpleLogger.log." + logger;
            if (System.getProperty(property) == null) {
                System.setProperty(property, "error");
            }
        }
    }

    private SshRemote(String repo, Path home, Path knownHosts, Path key) {
        this.repo = repo;
        this.knownHosts = knownHosts;
        this.key = key;
        SshdSessionFactoryBuilder b = new SshdSessionFactoryBuilder()
                .setHomeDirectory(home.toFile())
                .setSshDirectory(home.resolve(".ssh").toFile())
                // keyboard-interactive and password would need someone to answer
                .setPreferredAuthentications("publickey")
                .setServerKeyDatabase((h, s) -> new StrictKnownHosts())
                .setKeyPasswordProvider(cp -> new NoPassphrase());
        if (key != null) {
            b.setDefaultIdentities(dir -> List.of(key));
        }
        this.factory = b.build(null);
    }

    /** Whether JGit would reach {@code url} over SSH: an ssh URL or scp-like {@code user@host:path}. */
    static boolean isSsh(String url) {
        return url.startsWith("ssh://")
                || url.startsWith("git+ssh://")
                || url.startsWith("ssh+git://")
                || (!url.contains("://") && url.matches("[^/]+@[^/:]+:.*"));
    }

    /**
     * The SSH set-up for {@code spec}, or a refusal before any connection when a configured file is missing.
     *
     * @param env the environment {@code HOME} is read from (the JVM's {@code user.home} without one)
     */
    static SshRemote of(RepositorySpec spec, Map<String, String> env) throws GitUnavailableException {
        String h = env.get("HOME");
        Path home = Path.of(h == null || h.isEmpty() ? System.getProperty("user.home") : h);
        SshSettings s = spec.remote().ssh();
        Path key = s.key() == null ? null : expand(s.key(), home);
        Path known =
                s.knownHosts() == null ? home.resolve(".ssh").resolve("known_hosts") : expand(s.knownHosts(), home);
        if (key != null && !Files.isReadable(key)) {
            throw new GitUnavailableException(
                    "repository '" + spec.id() + "': the ssh key " + key
                            + " (ssh.key in revchain.yaml) does not exist or cannot be read",
                    null);
        }
        if (s.knownHosts() != null && !Files.isReadable(known)) {
            throw new GitUnavailableException(
                    "repository '" + spec.id() + "': the known_hosts file " + known
                            + " (ssh.known_hosts in revchain.yaml) does not exist or cannot be read",
                    null);
        }
        return new SshRemote(spec.id(), home, known, key);
    }

    private static Path expand(String p, Path home) {
        return p.startsWith("~/") ? home.resolve(p.substring(2)) : Path.of(p);
    }

    /** Sets this factory on an SSH transport (JGit's {@code TransportConfigCallback}). */
    void configure(Transport t) {
        if (t instanceof SshTransport ssh) {
            ssh.setSshSessionFactory(factory);
        }
    }

    /** A credentials provider that answers nothing, so JGit can never fall back to asking someone. */
    CredentialsProvider noPrompts() {
        return NO_PROMPTS;
    }

    /**
     * Why the connection failed, in one line naming the repository, or {@code null} when JGit's own message (a
     * refused connection, a missing repository, a timeout) says it as well.
     */
    String explain(Throwable failure) {
        String p = problem.get();
        if (p != null) {
            return p;
        }
        if (hostAccepted.get() && isAuthFailure(failure)) {
            return "repository '" + repo + "': the ssh server refused "
                    + (key != null ? "the key " + key : "every default key of ~/.ssh (id_ed25519, id_ecdsa, id_rsa, …)")
                    + "; add its public key to the account or the repository's deploy keys, or set ssh.key in "
                    + "revchain.yaml (only public keys are tried: revchain never asks for a password)";
        }
        return null;
    }

    private static boolean isAuthFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("authentication") || m.contains("cannot log in") || m.contains("auth fail")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        factory.close();
    }

    /**
     * Host keys from one known_hosts file (hashed and {@code [host]:port} entries as OpenSSH writes them), checked
     * strictly: the offered key must be listed for the host; {@code @revoked} wins; anything else is refused.
     */
    private final class StrictKnownHosts implements ServerKeyDatabase {

        @Override
        public List<PublicKey> lookup(String connectAddress, InetSocketAddress remoteAddress, Configuration config) {
            return keysFor(connectAddress, false);
        }

        @Override
        public boolean accept(
                String connectAddress,
                InetSocketAddress remoteAddress,
                PublicKey serverKey,
                Configuration config,
                CredentialsProvider provider) {
            for (PublicKey k : keysFor(connectAddress, true)) {
                if (KeyUtils.compareKeys(k, serverKey)) {
                    problem.compareAndSet(
                            null,
                            "repository '" + repo + "': the ssh host key of " + connectAddress + " ("
                                    + KeyUtils.getFingerPrint(serverKey) + ") is marked @revoked in " + knownHosts);
                    return false;
                }
            }
            List<PublicKey> known = keysFor(connectAddress, false);
            for (PublicKey k : known) {
                if (KeyUtils.compareKeys(k, serverKey)) {
                    hostAccepted.set(true);
                    return true;
                }
            }
            String line = connectAddress + " " + PublicKeyEntry.toString(serverKey);
            String fp = KeyUtils.getFingerPrint(serverKey);
            problem.compareAndSet(
                    null,
                    known.isEmpty()
                            ? "repository '" + repo + "': unknown ssh host " + connectAddress + " (key " + fp
                                    + ") is not in "
                                    + knownHosts
                                    + " and revchain never accepts an unknown host; once its owner confirms that "
                                    + "fingerprint, add this line to " + knownHosts + ": " + line
                            : "repository '" + repo + "': the ssh host key of " + connectAddress + " changed (offered "
                                    + fp
                                    + ", " + knownHosts
                                    + " lists another); refused as a possible man-in-the-middle; if the host "
                                    + "really has a new key, replace its line in " + knownHosts + " with: " + line);
            return false;
        }

        /** The keys listed for {@code connectAddress} ({@code host} or {@code [host]:port}); revoked ones apart. */
        private List<PublicKey> keysFor(String connectAddress, boolean revoked) {
            String host = connectAddress;
            int port = 22;
            if (connectAddress.startsWith("[") && connectAddress.contains("]:")) {
                int close = connectAddress.indexOf("]:");
                host = connectAddress.substring(1, close);
                port = Integer.parseInt(connectAddress.substring(close + 2));
            }
            List<PublicKey> out = new ArrayList<>();
            List<KnownHostEntry> entries;
            try {
                entries = Files.isRegularFile(knownHosts) ? KnownHostEntry.readKnownHostEntries(knownHosts) : List.of();
            } catch (IOException | RuntimeException e) {
                problem.compareAndSet(
                        null,
                        "repository '" + repo + "': the known_hosts file " + knownHosts + " cannot be read: "
                                + e.getMessage());
                return out;
            }
            for (KnownHostEntry e : entries) {
                boolean isRevoked = "revoked".equals(e.getMarker());
                // a @cert-authority line names a CA, not a host key: certificates are not supported, so never a match
                if (isRevoked != revoked
                        || (e.getMarker() != null && !isRevoked)
                        || e.getKeyEntry() == null
                        || !e.isHostMatch(host, port)) {
                    continue;
                }
                try {
                    PublicKey k = e.getKeyEntry().resolvePublicKey(null, PublicKeyEntryResolver.IGNORING);
                    if (k != null) {
                        out.add(k);
                    }
                } catch (IOException | GeneralSecurityException | RuntimeException ex) {
                    // a line with a key type this JVM cannot read cannot vouch for the host
                }
            }
            return out;
        }
    }

    /** Refuses every passphrase request: nobody is there to type it. */
    private final class NoPassphrase implements KeyPasswordProvider {
        private int attempts = 1;

        @Override
        public char[] getPassphrase(URIish uri, int attempt) throws IOException {
            problem.compareAndSet(
                    null,
                    "repository '" + repo + "': the ssh key " + (uri == null ? "" : uri + " ")
                            + "is protected by a passphrase and revchain never prompts; use a deploy key without a "
                            + "passphrase (kept readable only by revchain) and name it in ssh.key");
            throw new IOException("passphrase-protected key " + uri + ": revchain never prompts");
        }

        @Override
        public void setAttempts(int attempts) {
            this.attempts = attempts;
        }

        @Override
        public int getAttempts() {
            return attempts;
        }

        @Override
        public boolean keyLoaded(URIish uri, int attempt, Exception error) {
            return false;
        }
    }

    private static final CredentialsProvider NO_PROMPTS = new CredentialsProvider() {
        @Override
        public boolean isInteractive() {
            return false;
        }

        @Override
        public boolean supports(CredentialItem... items) {
            return false;
        }

        @Override
        public boolean get(URIish uri, CredentialItem... items) throws UnsupportedCredentialItem {
            return false;
        }
    };
}
