package io.revchain.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.UploadPack;

/**
 * A real SSH git server in the test JVM: Apache MINA sshd on a free local port, public-key logins only, answering
 * {@code git-upload-pack '<path>'} with JGit's {@link UploadPack} on a bare repository under {@code root}. Nothing
 * else is served (no shell, no push). Keys are ECDSA P-256, which both sides read without extra libraries.
 */
public final class SshGitServer implements AutoCloseable {

    private final SshServer server;
    private final KeyPair hostKey;
    private final List<PublicKey> authorized = new CopyOnWriteArrayList<>();

    private SshGitServer(Path root) throws IOException, GeneralSecurityException {
        this.hostKey = newKeyPair();
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setPublickeyAuthenticator(
                (user, key, session) -> authorized.stream().anyMatch(k -> KeyUtils.compareKeys(k, key)));
        server.setCommandFactory((channel, command) -> new UploadPackCommand(root, command));
        server.start();
    }

    /** Starts a server serving the bare repositories under {@code root}. */
    public static SshGitServer start(Path root) throws IOException, GeneralSecurityException {
        return new SshGitServer(root);
    }

    public int port() {
        return server.getPort();
    }

    /** Lets {@code key} log in (as any user). */
    public void authorize(PublicKey key) {
        authorized.add(key);
    }

    /** The known_hosts line for this server reached as {@code host} on its port. */
    public String knownHostsLine(String host) {
        return "[" + host + "]:" + port() + " " + PublicKeyEntry.toString(hostKey.getPublic());
    }

    /** A fresh ECDSA P-256 key pair. */
    public static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    /** Writes {@code pair} as an OpenSSH private key file, encrypted when {@code passphrase} is not null. */
    public static Path writePrivateKey(KeyPair pair, Path file, String passphrase)
            throws IOException, GeneralSecurityException {
        OpenSSHKeyEncryptionContext enc = null;
        if (passphrase != null) {
            enc = new OpenSSHKeyEncryptionContext();
            enc.setPassword(passphrase);
            enc.setCipherName("AES");
            enc.setCipherMode("CTR");
            enc.setCipherType("256");
        }
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            new OpenSSHKeyPairResourceWriter().writePrivateKey(pair, "revchain-test", enc, out);
        }
        return file;
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }

    /** {@code git-upload-pack '/x.git'}: the bare repository {@code root/x.git}, served on a thread of its own. */
    private static final class UploadPackCommand implements Command {
        private final Path root;
        private final String command;
        private InputStream in;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;
        private Thread worker;

        UploadPackCommand(Path root, String command) {
            this.root = root;
            this.command = command;
        }

        @Override
        public void setInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(ExitCallback exit) {
            this.exit = exit;
        }

        @Override
        public void start(ChannelSession channel, Environment env) {
            worker = new Thread(this::run, "ssh-upload-pack");
            worker.setDaemon(true);
            worker.start();
        }

        private void run() {
            int status = 0;
            try {
                if (!command.startsWith("git-upload-pack ")) {
                    throw new IOException("only git-upload-pack is served, not: " + command);
                }
                // the client quotes the path the way a shell would: '/x.git'
                String path = command.substring("git-upload-pack ".length())
                        .trim()
                        .replaceAll("^'|'$", "")
                        .replaceAll("^/+", "");
                Path dir = root.resolve(path).normalize();
                if (!dir.startsWith(root) || !Files.isDirectory(dir)) {
                    throw new IOException("no repository " + path);
                }
                try (Repository r = new FileRepositoryBuilder()
                        .setGitDir(dir.toFile())
                        .setMustExist(true)
                        .build()) {
                    new UploadPack(r).upload(in, out, err);
                }
            } catch (IOException | RuntimeException e) {
                status = 1;
                try {
                    err.write((e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
                    err.flush();
                } catch (IOException ignored) {
                    // the client has gone
                }
            } finally {
                try {
                    out.flush();
                } catch (IOException ignored) {
                    // the client has gone
                }
                exit.onExit(status);
            }
        }

        @Override
        public void destroy(ChannelSession channel) {
            if (worker != null) {
                worker.interrupt();
            }
        }
    }
}
