package io.revchain.runtime.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The one HTTP server every revchain service uses (the reporter's dashboard, JSON API and {@code /metrics}, the
 * analyzer's interactive queries, the {@code /metrics} of ingest, analyzer and repairer): the JDK's
 * {@link HttpServer}, made safe against slow and idle clients.
 *
 * <h2>Why the JDK server, guarded, and not an embedded one</h2>
 * The JDK's server reads a request's header on a thread of its executor, blocking, with no read timeout (its
 * {@code sun.net.httpserver.maxReqTime} is a JVM-global system property). With the two-thread pools revchain had,
 * two sockets that sent half a header froze every endpoint for as long as they stayed open. An asynchronous server
 * (Jetty 12, Undertow) parses headers without holding a thread, but would add a dependency to three modules, the
 * Docker image and the jars next to the short CLI commands, and a second request model to learn; the endpoints here
 * are a handful of small read-only GETs. So the JDK server stays, with two guards:
 * <ul>
 *   <li><b>enough threads</b>: a pool of up to {@link #DEFAULT_THREADS} threads (idle ones die after 30 s, so an
 *   idle server keeps none), so that a few dozen slow sockets still leave threads for Prometheus and the
 *   dashboard; beyond that, work waits in the queue, at most one request timeout;</li>
 *   <li><b>a request timeout per connection</b>: a watchdog closes any connection whose request is not complete
 *   (its handler not reached) within {@code requestTimeout} ({@link #DEFAULT_REQUEST_TIMEOUT} by default) of the
 *   moment its first bytes were taken up. It interrupts the thread blocked in the read; the JDK's channels are
 *   interruptible, so the read fails, the connection is closed and the thread is free again. An idle keep-alive
 *   connection holds no thread (the JDK server waits for its next request in its selector) and is closed by the
 *   JDK after its idle interval.</li>
 * </ul>
 * A handler, once reached, is never interrupted, except while it reads the request's body through
 * {@link #readBody}, which is under the same timeout (a webhook sender that trickles its body is cut off like one that
 * trickles its header). The bounded exposure left: more than {@link #DEFAULT_THREADS} simultaneous slow sockets
 * delay other requests by up to one request timeout.
 *
 * <p>Optionally the server answers only requests whose {@code Host} header names an allowed host
 * ({@link #allowHosts}): anything else is {@code 421 Misdirected Request}. This is what defeats DNS rebinding, where
 * a hostile web page resolves its own name to {@code 127.0.0.1} and reads the answers in the victim's browser.
 */
public final class GuardedHttpServer implements HttpRoutes, AutoCloseable {

    /** Most threads serving requests at once. */
    public static final int DEFAULT_THREADS = 64;
    /** How long a connection may take to send a complete request header. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private static final int QUEUED = 0;
    private static final int READING = 1;
    private static final int HANDLING = 2;
    private static final int CLOSED = 3;
    private static final int READING_BODY = 4;

    // static: a pool thread serves one server only, and readBody is called from handlers that hold no server
    private static final ThreadLocal<Task> CURRENT = new ThreadLocal<>();

    private final HttpServer server;
    private final ThreadPoolExecutor pool;
    private final ScheduledExecutorService watchdog;
    private final long timeoutNanos;
    private final Set<Task> running = ConcurrentHashMap.newKeySet();
    private volatile Set<String> allowedHosts;

    private GuardedHttpServer(String name, InetSocketAddress address, int threads, Duration requestTimeout)
            throws IOException {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + threads);
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("request timeout must be positive: " + requestTimeout);
        }
        this.timeoutNanos = requestTimeout.toNanos();
        this.server = HttpServer.create(address, 128);
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(
                threads,
                threads,
                30,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(),
                r -> daemon(r, name + "-" + n.incrementAndGet()));
        pool.allowCoreThreadTimeOut(true);
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, name + "-guard"));
        long period = Math.max(20, requestTimeout.toMillis() / 5);
        watchdog.scheduleAtFixedRate(this::closeOverdue, period, period, TimeUnit.MILLISECONDS);
        server.setExecutor(guardedExecutor());
    }

    /** Binds {@code address} (port 0: any free port) with the default threads and request timeout; not started. */
    public static GuardedHttpServer bind(String name, InetSocketAddress address) throws IOException {
        return bind(name, address, DEFAULT_THREADS, DEFAULT_REQUEST_TIMEOUT);
    }

    /** Binds {@code address} with at most {@code threads} request threads and the given request timeout. */
    public static GuardedHttpServer bind(String name, InetSocketAddress address, int threads, Duration requestTimeout)
            throws IOException {
        return new GuardedHttpServer(
                Objects.requireNonNull(name),
                Objects.requireNonNull(address),
                threads,
                Objects.requireNonNull(requestTimeout));
    }

    /**
     * Answers only requests whose {@code Host} header (port removed, case ignored) is one of {@code hosts}; others
     * get {@code 421}. A request with no {@code Host} header at all (HTTP/1.0) is refused too. {@code null} answers
     * any host (the default).
     */
    public GuardedHttpServer allowHosts(Set<String> hosts) {
        this.allowedHosts = hosts == null
                ? null
                : hosts.stream().map(GuardedHttpServer::normalHost).collect(Collectors.toUnmodifiableSet());
        return this;
    }

    @Override
    public GuardedHttpServer route(String path, HttpHandler handler) {
        Objects.requireNonNull(handler, "handler");
        server.createContext(path, exchange -> {
            Task task = CURRENT.get();
            if (task != null && !task.state.compareAndSet(READING, HANDLING)) {
                exchange.close();
                throw new IOException("request timed out before it was complete");
            }
            if (!hostAllowed(exchange)) {
                refuse(exchange);
                return;
            }
            handler.handle(exchange);
        });
        return this;
    }

    public void start() {
        server.start();
    }

    @Override
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        watchdog.shutdownNow();
        pool.shutdownNow();
    }

    /** {@code host} as the allow-list compares it: lower case, without a port, IPv6 in brackets. */
    static String normalHost(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? h : h.substring(0, end + 1);
        }
        int colon = h.indexOf(':');
        if (colon >= 0 && h.indexOf(':', colon + 1) < 0) {
            return h.substring(0, colon);
        }
        return colon >= 0 ? "[" + h + "]" : h;
    }

    private boolean hostAllowed(HttpExchange exchange) {
        Set<String> allowed = allowedHosts;
        if (allowed == null) {
            return true;
        }
        String host = exchange.getRequestHeaders().getFirst("Host");
        return host != null && allowed.contains(normalHost(host));
    }

    private static void refuse(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = "misdirected request: this host name is not served here\n".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(421, head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    private Executor guardedExecutor() {
        return command -> {
            pool.execute(new Task(command));
        };
    }

    /**
     * Reads at most {@code limit} bytes of the request's body, under the same timeout as the request header: a body
     * not complete within the server's request timeout from now closes the connection and frees the thread
     * ({@link IOException}). Outside a guarded server's handler it is a plain bounded read.
     */
    public static byte[] readBody(HttpExchange exchange, int limit) throws IOException {
        Task task = CURRENT.get();
        if (task != null) {
            task.started = System.nanoTime();
            if (!task.state.compareAndSet(HANDLING, READING_BODY)) {
                task = null;
            }
        }
        try {
            return readAtMost(exchange.getRequestBody(), limit);
        } finally {
            if (task != null && !task.state.compareAndSet(READING_BODY, HANDLING)) {
                exchange.close();
                throw new IOException("request body not complete within the request timeout");
            }
        }
    }

    private static byte[] readAtMost(InputStream in, int limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while (out.size() < limit && (n = in.read(buf, 0, Math.min(buf.length, limit - out.size()))) > 0) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private void closeOverdue() {
        long now = System.nanoTime();
        for (Task t : running) {
            int state = t.state.get();
            if ((state == READING || state == READING_BODY) && now - t.started > timeoutNanos) {
                t.interruptIf(state);
            }
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** One connection's turn on a thread: reading its request, then its handler. */
    private final class Task implements Runnable {
        final Runnable command;
        final AtomicInteger state = new AtomicInteger(QUEUED);
        volatile Thread thread;
        volatile long started;

        Task(Runnable command) {
            this.command = command;
        }

        @Override
        public void run() {
            thread = Thread.currentThread();
            started = System.nanoTime();
            state.set(READING);
            CURRENT.set(this);
            running.add(this);
            try {
                command.run();
            } finally {
                running.remove(this);
                CURRENT.remove();
                synchronized (this) {
                    state.set(CLOSED);
                    Thread.interrupted(); // a guard's interrupt never reaches the next task
                }
            }
        }

        synchronized void interruptIf(int reading) {
            if (state.compareAndSet(reading, CLOSED)) {
                thread.interrupt();
            }
        }
    }
}
