package dev.tau4j.cases.http.internal;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * What the server records about each request: its request id, one JSON access log line, and (with a
 * registry) the {@value #TIMER} timer tagged with the route template, the method and the status —
 * low-cardinality tags only: never a path, a case id or a query.
 */
public final class RequestTelemetry {

    /** The timer recorded per request. */
    public static final String TIMER = "http.server.requests";
    /** The route tag of a request that matched no route (404, 405). */
    public static final String UNMATCHED = "UNMATCHED";
    private static final Pattern SANE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Set<String> METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT");
    private static final int MAX_LOGGED_PATH = 200;

    private final JsonMapper mapper = JsonMapper.builder().build();
    private final Consumer<String> accessLog;
    private final MeterRegistry registry;

    /**
     * @param accessLog where each access log line goes
     * @param registry  where the timers go, or {@code null} for none
     */
    public RequestTelemetry(Consumer<String> accessLog, MeterRegistry registry) {
        this.accessLog = accessLog;
        this.registry = registry;
    }

    /** The client's request id if it is sane (1 to 128 of {@code [A-Za-z0-9._:-]}), else a new UUID. */
    public static String requestId(String fromClient) {
        return fromClient != null && SANE_REQUEST_ID.matcher(fromClient).matches()
                ? fromClient : UUID.randomUUID().toString();
    }

    /**
     * Records one finished request.
     *
     * @param route the matched route template, or {@code null} when none matched
     */
    public void record(String requestId, String method, String path, String route, int status, double millis,
                       String client) {
        String methodTag = METHODS.contains(method) ? method : "OTHER";
        String routeTag = route == null ? UNMATCHED : route;
        if (registry != null) {
            Timer.builder(TIMER)
                    .description("HTTP requests by route template, method and status")
                    .tag("route", routeTag)
                    .tag("method", methodTag)
                    .tag("status", Integer.toString(status))
                    .register(registry)
                    .record(Math.round(millis * 1000), TimeUnit.MICROSECONDS);
        }
        ObjectNode line = mapper.createObjectNode();
        line.put("time", Instant.now().toString());
        line.put("request_id", requestId);
        line.put("method", methodTag);
        line.put("path", path.length() > MAX_LOGGED_PATH ? path.substring(0, MAX_LOGGED_PATH) + "…" : path);
        line.put("route", routeTag);
        line.put("status", status);
        line.put("duration_ms", Math.round(millis * 10) / 10.0);
        line.put("client", client);
        accessLog.accept(line.toString());
    }
}
