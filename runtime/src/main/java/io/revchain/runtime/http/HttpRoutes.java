package io.revchain.runtime.http;

import com.sun.net.httpserver.HttpHandler;

/**
 * A bound HTTP server other services of the same process add their routes to, so that a process serves one port:
 * the analyzer's queries next to the health and metrics routes, or next to the reporter's dashboard in
 * {@code revchain run}.
 */
public interface HttpRoutes {

    /** Serves {@code path} and everything under it with {@code handler}; the longest matching path wins. */
    HttpRoutes route(String path, HttpHandler handler);

    /** The port actually bound. */
    int port();
}
