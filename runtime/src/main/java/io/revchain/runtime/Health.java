package io.revchain.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The health of one process, from the {@link Service}s registered with it. Decides what the health endpoints
 * answer: <b>live</b> unless a service is FAILED (the process should be restarted: a loop that died does not come
 * back by itself), <b>ready</b> only when every service is RUNNING. A process with no service registered is live
 * and ready (it serves only {@code /metrics}).
 *
 * <p>An answer names each service and its phase, and for a failure only the type of the cause: the message is in
 * the log, and a health answer is read by whoever reaches the port.
 */
public final class Health {

    /** What a health endpoint answers. */
    public record Answer(boolean ok, String json) {
        /** 200 when ok, else 503. */
        public int status() {
            return ok ? 200 : 503;
        }
    }

    private final List<Service> services = new CopyOnWriteArrayList<>();

    /** Adds {@code service} to what this process's health is made of; returns it. */
    public <S extends Service> S register(S service) {
        services.add(Objects.requireNonNull(service, "service"));
        return service;
    }

    /** The registered services, in registration order. */
    public List<Service> services() {
        return List.copyOf(services);
    }

    /** {@code /health/live}: 503 when any service is FAILED. */
    public Answer live() {
        return answer(true);
    }

    /** {@code /health/ready}: 200 only when every service is RUNNING. */
    public Answer ready() {
        return answer(false);
    }

    private Answer answer(boolean liveness) {
        List<String> parts = new ArrayList<>();
        boolean ok = true;
        for (Service s : services) {
            ServiceState state = s.state();
            ok &= liveness ? state.live() : state.ready();
            StringBuilder b = new StringBuilder("{\"name\":")
                    .append(quote(s.name()))
                    .append(",\"state\":")
                    .append(quote(state.phase().name()));
            state.cause()
                    .ifPresent(c ->
                            b.append(",\"cause\":").append(quote(c.getClass().getName())));
            parts.add(b.append('}').toString());
        }
        String status = liveness ? (ok ? "live" : "failed") : (ok ? "ready" : "not ready");
        return new Answer(ok, "{\"status\":" + quote(status) + ",\"services\":[" + String.join(",", parts) + "]}");
    }

    /** {@code s} as a JSON string. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
