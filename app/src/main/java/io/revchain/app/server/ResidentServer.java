package io.revchain.app.server;

import io.revchain.app.SlimMain;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A resident JVM for the short commands of one working directory, so that a command run on every commit answers
 * from compiled code instead of paying the JVM's start and a cold parse each time (what the launcher does when a
 * server of its directory is up; see the launcher's {@code served}). It decides who may ask (the holder of the token
 * in its state file, readable by its user only), what it answers (only what {@link SlimMain} runs in this JVM;
 * anything else is refused, and the client runs it itself) and when it stops (after {@code idle} without a request,
 * or when its state file is gone or names another server).
 *
 * <p>It serves one request at a time, in its own working directory, which the launcher starts it in: relative paths
 * mean what they mean to the client. Protocol, over a loopback TCP connection: the client sends its token, the
 * number of arguments and each argument, every one terminated by a NUL byte; the server answers in lines, {@code o}
 * or {@code e} and a line of standard output or error, {@code O} or {@code E} and a last piece without its newline,
 * then {@code x} and the exit code; or the single line {@code r} when it does not run that command line. A
 * connection with a wrong token or a malformed request is closed without a word.
 */
public final class ResidentServer implements AutoCloseable {

    /** The longest request read (token, count and arguments): far over any command line a shell passes. */
    static final int MAX_REQUEST_BYTES = 1 << 20;

    private static final int MAX_ARGS = 10_000;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration SLICE = Duration.ofMillis(500);

    private final ServerSocket socket;
    private final String token;
    private final Path state;
    private final Duration idle;
    private volatile boolean closed;

    private ResidentServer(ServerSocket socket, String token, Path state, Duration idle) {
        this.socket = socket;
        this.token = token;
        this.state = state;
        this.idle = idle;
    }

    /**
     * Binds a loopback port and writes {@code port token pid} to {@code state} (created readable by this user only,
     * replacing any older one atomically).
     */
    public static ResidentServer start(Path state, Duration idle) throws IOException {
        ServerSocket socket = new ServerSocket();
        try {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            byte[] secret = new byte[16];
            new SecureRandom().nextBytes(secret);
            String token = HexFormat.of().formatHex(secret);
            ResidentServer server = new ResidentServer(socket, token, state, idle);
            server.writeState();
            return server;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** The port it listens on (loopback). */
    public int port() {
        return socket.getLocalPort();
    }

    /** What its state file holds. */
    String stateLine() {
        return port() + " " + token + " " + ProcessHandle.current().pid();
    }

    private void writeState() throws IOException {
        Path dir = state.toAbsolutePath().getParent();
        Path tmp =
                dir.resolve(state.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        Files.deleteIfExists(tmp);
        if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            // no POSIX modes (not Linux or macOS): the folder the launcher made for this user guards it
            Files.createFile(tmp);
        }
        Files.writeString(tmp, stateLine() + "\n", StandardCharsets.UTF_8);
        try {
            Files.move(tmp, state, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, state, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Answers requests until it has been idle for {@code idle}, its state file no longer names it (a newer server
     * replaced it, or a user removed it), or it is closed; then removes its state file if that still names it.
     */
    public void serve() {
        try {
            // accept in slices, so a replaced or removed state file stops it within a slice
            socket.setSoTimeout((int) SLICE.toMillis());
            long idleSince = System.nanoTime();
            while (!closed && stillNamed()) {
                Socket client;
                try {
                    client = socket.accept();
                } catch (SocketTimeoutException slice) {
                    if (System.nanoTime() - idleSince >= idle.toNanos()) {
                        break;
                    }
                    continue;
                }
                try (Socket c = client) {
                    answer(c);
                } catch (IOException | RuntimeException e) {
                    // one client's broken connection or bad request never stops the server
                }
                idleSince = System.nanoTime();
            }
        } catch (IOException e) {
            if (!closed) {
                throw new UncheckedIOException(e);
            }
        } finally {
            close();
        }
    }

    private boolean stillNamed() {
        try {
            return Files.readString(state, StandardCharsets.UTF_8).strip().equals(stateLine());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private void answer(Socket client) throws IOException {
        client.setSoTimeout((int) REQUEST_TIMEOUT.toMillis());
        InputStream in = client.getInputStream();
        Request request = Request.read(in);
        if (request == null
                || !MessageDigest.isEqual(
                        request.token().getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
            return;
        }
        client.setSoTimeout(0);
        OutputStream out = new BufferedOutputStream(client.getOutputStream());
        String[] args = request.args().toArray(String[]::new);
        if (!sameDirectory()) {
            // its directory was removed (and perhaps made again): relative paths would mean the old one
            out.write("r\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            closed = true;
            return;
        }
        if (!SlimMain.servesHere(args)) {
            out.write("r\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            return;
        }
        Framed stdout = new Framed(out, 'o');
        Framed stderr = new Framed(out, 'e');
        int code;
        try (PrintWriter o = new PrintWriter(stdout);
                PrintWriter e = new PrintWriter(stderr)) {
            code = SlimMain.execute(o, e, args);
            o.flush();
            e.flush();
            stdout.finish();
            stderr.finish();
        }
        out.write(("x" + code + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Whether the directory this process works in is still the one its path names. */
    static boolean sameDirectory() {
        try {
            Object here = Files.readAttributes(Path.of("."), BasicFileAttributes.class)
                    .fileKey();
            Object named = Files.readAttributes(Path.of(System.getProperty("user.dir")), BasicFileAttributes.class)
                    .fileKey();
            return here != null && here.equals(named);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a listening socket has nothing left to lose
        }
        if (stillNamed()) {
            try {
                Files.deleteIfExists(state);
            } catch (IOException ignored) {
                // a state file left behind names a closed port: the client finds it dead and starts another
            }
        }
    }

    /** A request: the token and the command line. */
    record Request(String token, List<String> args) {

        /** The request on {@code in}; {@code null} when it is malformed, too long or cut short. */
        static Request read(InputStream in) throws IOException {
            int[] budget = {MAX_REQUEST_BYTES};
            String token = field(in, budget);
            String count = token == null ? null : field(in, budget);
            if (count == null
                    || count.isEmpty()
                    || count.length() > 6
                    || !count.chars().allMatch(Character::isDigit)) {
                return null;
            }
            int n = Integer.parseInt(count);
            if (n > MAX_ARGS) {
                return null;
            }
            List<String> args = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String a = field(in, budget);
                if (a == null) {
                    return null;
                }
                args.add(a);
            }
            return new Request(token, List.copyOf(args));
        }

        private static String field(InputStream in, int[] budget) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            while (true) {
                int c = in.read();
                if (c < 0 || --budget[0] < 0) {
                    return null;
                }
                if (c == 0) {
                    return b.toString(StandardCharsets.UTF_8);
                }
                b.write(c);
            }
        }
    }

    /** One of the two output streams, as lines tagged with its letter on the shared connection. */
    static final class Framed extends Writer {
        private final OutputStream out;
        private final char tag;
        private final StringBuilder line = new StringBuilder();

        Framed(OutputStream out, char tag) {
            this.out = out;
            this.tag = tag;
        }

        @Override
        public void write(char[] cbuf, int off, int len) throws IOException {
            for (int i = off; i < off + len; i++) {
                char c = cbuf[i];
                if (c == '\n') {
                    emit(tag, line);
                    line.setLength(0);
                } else {
                    line.append(c);
                }
            }
        }

        /** Sends what is left of the last line, marked as having no newline. */
        void finish() throws IOException {
            if (line.length() > 0) {
                emit(Character.toUpperCase(tag), line);
                line.setLength(0);
            }
            out.flush();
        }

        private void emit(char t, CharSequence text) throws IOException {
            synchronized (out) {
                out.write(t);
                out.write(text.toString().getBytes(StandardCharsets.UTF_8));
                out.write('\n');
            }
        }

        @Override
        public void flush() throws IOException {
            synchronized (out) {
                out.flush();
            }
        }

        @Override
        public void close() {
            // the connection outlives the command's writers
        }
    }
}
