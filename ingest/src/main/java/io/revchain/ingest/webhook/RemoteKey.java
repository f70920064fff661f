package io.revchain.ingest.webhook;

import java.util.Locale;

/**
 * The one spelling of a remote under which a webhook's repository is matched with a configured one: host and path,
 * lower-case host, without scheme, user, port, trailing {@code /} or {@code .git}. So
 * {@code https://github.com/acme/api.git}, {@code git@github.com:acme/api.git} and {@code ssh://git@github.com/acme/api}
 * are one repository. A local path stays as it is (without a trailing {@code .git} or {@code /}).
 */
public final class RemoteKey {
    private RemoteKey() {}

    public static String of(String url) {
        if (url == null || url.isBlank()) {
            return "";
        }
        String u = url.strip();
        String hostAndPath;
        int scheme = u.indexOf("://");
        if (scheme > 0) {
            hostAndPath = u.substring(scheme + 3);
            if (u.substring(0, scheme).equalsIgnoreCase("file")) {
                return trim(hostAndPath);
            }
        } else if (u.matches("[^/@:]+@[^/:]+:.*")) {
            // scp-like: user@host:path
            hostAndPath = u.substring(u.indexOf('@') + 1).replaceFirst(":", "/");
        } else {
            return trim(u);
        }
        int slash = hostAndPath.indexOf('/');
        String host = slash < 0 ? hostAndPath : hostAndPath.substring(0, slash);
        String path = slash < 0 ? "" : hostAndPath.substring(slash);
        host = host.substring(host.lastIndexOf('@') + 1);
        int port = host.lastIndexOf(':');
        if (port >= 0) {
            host = host.substring(0, port);
        }
        return trim(host.toLowerCase(Locale.ROOT) + path);
    }

    private static String trim(String s) {
        String t = s;
        while (t.endsWith("/")) {
            t = t.substring(0, t.length() - 1);
        }
        if (t.endsWith(".git")) {
            t = t.substring(0, t.length() - 4);
        }
        return t;
    }
}
