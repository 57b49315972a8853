package dev.tau4j.cases.http;

import dev.tau4j.cases.CaseAlreadyDecidedException;
import dev.tau4j.cases.CaseNotFoundException;
import dev.tau4j.cases.CaseOutcomeUnknownException;
import dev.tau4j.cases.CasePage;
import dev.tau4j.cases.CaseQuery;
import dev.tau4j.cases.CaseRecord;
import dev.tau4j.cases.CaseRepository;
import dev.tau4j.cases.CaseStatus;
import dev.tau4j.cases.CaseStoreUnavailableException;
import dev.tau4j.cases.IdempotencyKey;
import dev.tau4j.cases.IdempotencyKeyReusedException;
import dev.tau4j.cases.InvalidCaseInputException;
import dev.tau4j.cases.NewCase;
import dev.tau4j.cases.NewDecision;
import dev.tau4j.cases.http.internal.ApiError;
import dev.tau4j.cases.http.internal.BearerToken;
import dev.tau4j.cases.http.internal.CaseJson;
import dev.tau4j.cases.http.internal.JsonErrorHandler;
import dev.tau4j.cases.http.internal.OpenApi;
import dev.tau4j.cases.http.internal.RequestTelemetry;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cases HTTP API (JSON, UTF-8) over a {@link CaseRepository}:
 * <ul>
 *   <li>{@code POST /api/cases} {@code {case_type, title, lot?}} → 201, the case;</li>
 *   <li>{@code GET /api/cases?limit=&cursor=&status=} → 200, {@code {cases, next_cursor}}, newest first;</li>
 *   <li>{@code GET /api/cases/{case_id}} → 200, the case with its {@code decision} (null while open);</li>
 *   <li>{@code POST /api/decide/{case_id}} {@code {chosen_supplier, decision_reason, next_action,
 *       decided_by?}} → 200, the decided case; {@code POST /api/decide} with the same body plus
 *       {@code case_id} decides the same way (same validation, idempotency and errors);</li>
 *   <li>{@code GET /health/live} → 200 while the server runs; {@code GET /health/ready} → 200 when the
 *       {@linkplain Builder#readinessCheck readiness check} passes, else 503 {@code not_ready};</li>
 *   <li>{@code GET /metrics} (with {@link Builder#metrics}) → the Prometheus text format, with a timer
 *       {@code http.server.requests} per route template, method and status;</li>
 *   <li>{@code GET /openapi.json} → the OpenAPI 3.0 description of every route, parameter, body and
 *       status.</li>
 * </ul>
 * Both POSTs honour an {@value #IDEMPOTENCY_KEY_HEADER} header (see {@link IdempotencyKey}): a
 * repeat with the same key and the same body writes nothing and answers the first reply's status and
 * body; the same key with another body is 422 {@code idempotency_key_reused}; a malformed key is
 * 400 {@code invalid_idempotency_key}. Without the header every POST writes.
 * Every error is {@code {"error": code, "message": text}} (plus {@code "field"} for a refused field):
 * 400 {@code malformed_json} / {@code invalid_field}, 401 {@code unauthorized} (with
 * {@code WWW-Authenticate}), 404 {@code case_not_found} / {@code not_found},
 * 405 {@code method_not_allowed}, 409 {@code already_decided}, 413 {@code payload_too_large},
 * 415 {@code unsupported_media_type}, 422 {@code idempotency_key_reused}, 500 {@code internal_error},
 * 503 {@code store_unavailable} (nothing was changed; retry) and 503 {@code outcome_unknown} (the
 * connection was lost while a write committed: it may have happened; retry with the same
 * {@code Idempotency-Key}), both with {@code Retry-After};
 * never a stack trace.
 *
 * <p>With an {@linkplain Builder#apiToken API token}, every route but the two health routes needs
 * {@code Authorization: Bearer <token>} (compared in constant time); a request for no route gets its
 * 404 or 405 either way. With
 * {@linkplain Builder#corsOrigins CORS origins}, browsers on those origins may call the API.
 * Every request gets a request id ({@value #REQUEST_ID_HEADER}: the client's if it is 1 to 128 of
 * {@code [A-Za-z0-9._:-]}, else a new UUID), echoed in the response and written in one JSON access log
 * line per request (time, request id, method, path without the query, route, status, duration, client
 * address) — never a body, a query string or a header value.
 *
 * <p>Slow clients cannot starve it: at most {@code maxConcurrentBodyReads} requests read a body at once
 * (others get 503 {@code server_busy}), a body slower than {@value #MIN_REQUEST_DATA_RATE} bytes per
 * second is cut off with 408, and a compressed body ({@code Content-Encoding} other than identity) is
 * refused with 415. {@link #close()} drains in-flight requests for a bounded time.
 *
 * <pre>{@code
 * try (CasesHttpServer server = CasesHttpServer.builder()
 *         .repository(new InMemoryCaseRepository()).port(0).build().start()) {
 *     System.out.println("http://127.0.0.1:" + server.port() + "/api/cases");
 * }
 * }</pre>
 * The server does not close the repository.
 */
public final class CasesHttpServer implements AutoCloseable {

    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;
    public static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_CONCURRENT_BODY_READS = 32;
    private static final long SHUTDOWN_IDLE_TIMEOUT_MS = 100;
    /** Slowest accepted request body, in bytes per second; slower ones are cut off with 408. */
    public static final long MIN_REQUEST_DATA_RATE = 1024;
    /** The {@code Retry-After} of every 503, in seconds. */
    static final String RETRY_AFTER_SECONDS = "1";
    /** The request id header: honoured when sane, else generated; always echoed. */
    public static final String REQUEST_ID_HEADER = "X-Request-Id";
    /** The interface bound by default: loopback only. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** The routes that answer without a token. */
    static final Set<String> OPEN_ROUTES = Set.of("/health/live", "/health/ready");

    private static final Logger LOG = LoggerFactory.getLogger(CasesHttpServer.class);
    private static final Logger ACCESS_LOG = LoggerFactory.getLogger("dev.tau4j.cases.http.access");
    private static final String REQUEST_ID_ATTRIBUTE = "tau4j.requestId";
    private static final String JSON_UTF8 = "application/json; charset=utf-8";
    private static final Pattern ORIGIN = Pattern.compile("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?|https?://\\[[0-9A-Fa-f:.]+\\](:[0-9]{1,5})?");
    private static final Pattern CANONICAL_UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final CaseRepository repository;
    private final String host;
    private final int requestedPort;
    /** How much of an oversized body is read and discarded before its 413 is sent. */
    static final long MAX_DISCARDED_BYTES = 1024 * 1024;

    private final int maxBodyBytes;
    private final Duration drainTimeout;
    private final Duration idleTimeout;
    /** Requests reading a body at once; a slow body holds a worker thread, so their number is capped. */
    private final Semaphore bodyReads;
    private final GracefulHandler graceful = new GracefulHandler();
    private final CaseJson json = new CaseJson();
    private final Javalin app;
    private final BearerToken token;
    private final boolean cors;
    private final Runnable readinessCheck;
    private final PrometheusMeterRegistry metrics;
    private final RequestTelemetry telemetry;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    private CasesHttpServer(Builder b) {
        this.repository = b.repository;
        this.host = b.host;
        this.requestedPort = b.port;
        this.maxBodyBytes = b.maxBodyBytes;
        this.drainTimeout = b.drainTimeout;
        this.idleTimeout = b.idleTimeout;
        this.bodyReads = new Semaphore(b.maxConcurrentBodyReads);
        this.token = b.token;
        this.cors = !b.corsOrigins.isEmpty();
        this.readinessCheck = b.readinessCheck;
        this.metrics = b.metrics;
        this.telemetry = new RequestTelemetry(b.accessLog, b.metrics);
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.prefer405over404 = true;
            // We read and bound the body ourselves; keep Javalin's own limit out of the way.
            config.http.maxRequestSize = maxBodyBytes + 1L;
            config.http.defaultContentType = JSON_UTF8;
            config.router.ignoreTrailingSlashes = true;
            config.jetty.modifyServer(server -> {
                server.setErrorHandler(new JsonErrorHandler(json));
                // On stop: connectors stop accepting, in-flight requests get drainTimeout to finish.
                // Idle keep-alive connections are closed this soon after stop instead of after 1 s.
                graceful.setShutdownIdleTimeout(SHUTDOWN_IDLE_TIMEOUT_MS);
                server.insertHandler(graceful);
                server.setStopTimeout(drainTimeout.toMillis());
            });
            config.jetty.modifyHttpConfiguration(http -> {
                http.setIdleTimeout(idleTimeout.toMillis());
                // A body trickling slower than this is cut off (408) instead of holding a worker.
                http.setMinRequestDataRate(MIN_REQUEST_DATA_RATE);
            });
            config.requestLogger.http(this::recordRequest);
            if (cors) {
                config.bundledPlugins.enableCors(plugin -> plugin.addRule(rule -> {
                    if (b.corsOrigins.contains("*")) {
                        rule.anyHost();
                    } else {
                        rule.allowHost(b.corsOrigins.get(0), b.corsOrigins.subList(1, b.corsOrigins.size())
                                .toArray(String[]::new));
                    }
                    rule.exposeHeader(REQUEST_ID_HEADER);
                    rule.exposeHeader("Retry-After");
                    rule.exposeHeader("WWW-Authenticate");
                }));
            }

            config.routes.before(this::assignRequestId);
            // after the route matched and after CORS' own before handler, so a 401 carries CORS headers
            config.routes.beforeMatched(this::authenticate);
            config.routes.get("/health/live", ctx -> respond(ctx, 200, json.bytes(json.statusNode("up"))));
            config.routes.get("/health/ready", this::ready);
            if (metrics != null) {
                config.routes.get("/metrics", this::scrape);
            }
            config.routes.get("/openapi.json", ctx -> respond(ctx, 200, OpenApi.bytes()));
            config.routes.post("/api/cases", this::createCase);
            config.routes.get("/api/cases", this::listCases);
            config.routes.get("/api/cases/{case_id}", this::getCase);
            config.routes.post("/api/decide/{case_id}", this::decideCase);
            config.routes.post("/api/decide", this::decideCaseFromBody);

            config.routes.exception(ApiError.class, (e, ctx) ->
                    error(ctx, e.status(), e.code(), e.getMessage(), e.field()));
            config.routes.exception(InvalidCaseInputException.class, (e, ctx) ->
                    error(ctx, 400, "invalid_field", e.getMessage(), e.field()));
            config.routes.exception(CaseNotFoundException.class, (e, ctx) ->
                    error(ctx, 404, "case_not_found", e.getMessage(), null));
            config.routes.exception(CaseAlreadyDecidedException.class, (e, ctx) ->
                    error(ctx, 409, "already_decided", e.getMessage(), null));
            config.routes.exception(IdempotencyKeyReusedException.class, (e, ctx) ->
                    error(ctx, 422, "idempotency_key_reused",
                            "this Idempotency-Key was already used with a different request; nothing was written", null));
            config.routes.exception(CaseStoreUnavailableException.class, (e, ctx) -> {
                LOG.warn("{} {}: store unavailable: {}", ctx.method(), ctx.path(), e.getMessage());
                ctx.header("Retry-After", RETRY_AFTER_SECONDS);
                error(ctx, 503, "store_unavailable",
                        "the case store is unavailable and nothing was changed; retry later", null);
            });
            config.routes.exception(CaseOutcomeUnknownException.class, (e, ctx) -> {
                LOG.warn("{} {}: outcome unknown: {}", ctx.method(), ctx.path(), e.getMessage());
                ctx.header("Retry-After", RETRY_AFTER_SECONDS);
                error(ctx, 503, "outcome_unknown", "the connection to the case store was lost while the write was"
                        + " committing; it may or may not have happened. Retry with the same Idempotency-Key", null);
            });
            config.routes.exception(HttpResponseException.class, (e, ctx) -> javalinError(ctx, e.getStatus()));
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                error(ctx, 500, "internal_error", "internal error", null);
            });
            config.router.javaLangErrorHandler((res, err) -> {
                LOG.error("request failed with {}", err.getClass().getName(), err);
                try {
                    res.setStatus(500);
                    res.setContentType(JSON_UTF8);
                    res.getOutputStream().write(json.bytes(json.errorNode("internal_error", "internal error", null)));
                } catch (IOException | RuntimeException ignored) {
                    // the connection is gone or the response committed; nothing more to say
                }
            });
        });
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts listening. Returns this server. */
    public CasesHttpServer start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("already started");
        }
        app.start(host, requestedPort);
        return this;
    }

    /** The port the server listens on (the actual one when built with port 0). */
    public int port() {
        return app.port();
    }

    /**
     * Stops the server (not the repository): it stops accepting connections at once, lets the requests
     * in flight finish for up to the drain timeout (default 10 s), then closes what is left and logs how
     * many requests were cut off. Idempotent.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true) && started.get()) {
            long inFlight = graceful.getCurrentRequestCount();
            long start = System.nanoTime();
            try {
                app.stop();
            } catch (RuntimeException e) {
                // Jetty reports a drain that ran out of time after stopping anyway; counted below.
                LOG.debug("stop: {}", e.toString());
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            long cutOff = graceful.getCurrentRequestCount();
            if (cutOff > 0) {
                LOG.warn("stopped after {} ms: {} request(s) in flight at stop, {} cut off after the {} ms drain",
                        ms, inFlight, cutOff, drainTimeout.toMillis());
            } else {
                LOG.info("stopped after {} ms: {} request(s) in flight at stop, all finished", ms, inFlight);
            }
        }
    }

    /** The route templates this server answers, as {@code "METHOD /path"} (for its tests). */
    List<String> routes() {
        return app.unsafe.internalRouter.allHttpHandlers().stream()
                .map(e -> e.endpoint.method.name() + " " + e.endpoint.path)
                .filter(r -> !r.startsWith("BEFORE") && !r.startsWith("AFTER"))
                .sorted().toList();
    }

    // ---- cross-cutting: request id, token, access log and metrics ----

    private void assignRequestId(Context ctx) {
        String requestId = RequestTelemetry.requestId(ctx.header(REQUEST_ID_HEADER));
        ctx.attribute(REQUEST_ID_ATTRIBUTE, requestId);
        ctx.header(REQUEST_ID_HEADER, requestId);
    }

    private void authenticate(Context ctx) {
        if (token == null || OPEN_ROUTES.contains(stripTrailingSlash(ctx.path()))
                || (cors && ctx.method() == HandlerType.OPTIONS)) {
            return;
        }
        String authorization = ctx.header("Authorization");
        if (!token.accepts(authorization)) {
            ctx.header("WWW-Authenticate", authorization == null ? "Bearer realm=\"tau4j\""
                    : "Bearer realm=\"tau4j\", error=\"invalid_token\"");
            throw new ApiError(401, "unauthorized", authorization == null
                    ? "this server needs a bearer token: send Authorization: Bearer <token>"
                    : "the bearer token is missing or wrong");
        }
    }

    private void recordRequest(Context ctx, float millis) {
        String requestId = ctx.attribute(REQUEST_ID_ATTRIBUTE);
        if (requestId == null) {
            requestId = RequestTelemetry.requestId(null);
        }
        String path = ctx.path();
        HandlerType method = ctx.method();
        var matched = app.unsafe.internalRouter.findFirstHttpHandlerEntry(method, path);
        telemetry.record(requestId, method.name(), path, matched == null ? null : matched.endpoint.path,
                ctx.statusCode(), millis, ctx.ip());
    }

    private static String stripTrailingSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    // ---- handlers ----

    private void ready(Context ctx) {
        if (readinessCheck != null) {
            try {
                readinessCheck.run();
            } catch (CaseStoreUnavailableException e) {
                LOG.warn("not ready: {}", e.getMessage());
                notReady(ctx, "the case store cannot be reached");
                return;
            } catch (RuntimeException e) {
                LOG.warn("not ready: {}", e.getMessage());
                notReady(ctx, "the case store is not ready: its schema is not current or the check failed");
                return;
            }
        }
        respond(ctx, 200, json.bytes(json.statusNode("ready")));
    }

    private void notReady(Context ctx, String message) {
        ctx.header("Retry-After", RETRY_AFTER_SECONDS);
        error(ctx, 503, "not_ready", message, null);
    }

    private void scrape(Context ctx) {
        ctx.status(200);
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8");
        ctx.result(metrics.scrape());
    }

    private void createCase(Context ctx) {
        IdempotencyKey key = idempotencyKey(ctx);
        byte[] body = readJsonBody(ctx);
        NewCase newCase = json.readNewCase(body);
        CaseRecord created = repository.create(newCase, key);
        respond(ctx, 201, json.bytes(json.caseNode(created)));
    }

    private void listCases(Context ctx) {
        int limit = CaseQuery.DEFAULT_LIMIT;
        String limitText = queryParam(ctx, "limit");
        if (limitText != null) {
            if (!limitText.matches("[0-9]{1,3}")) {
                throw new InvalidCaseInputException("limit", "limit must be an integer between 1 and " + CaseQuery.MAX_LIMIT);
            }
            limit = Integer.parseInt(limitText);
        }
        String cursor = queryParam(ctx, "cursor");
        if (cursor != null && cursor.isEmpty()) {
            cursor = null;
        }
        String statusText = queryParam(ctx, "status");
        CaseStatus status = statusText == null || statusText.isEmpty() ? null : CaseStatus.parse(statusText, "status");
        CasePage page = repository.list(new CaseQuery(limit, cursor, status));
        respond(ctx, 200, json.bytes(json.pageNode(page)));
    }

    private void getCase(Context ctx) {
        UUID id = caseId(ctx);
        CaseRecord c = repository.get(id);
        respond(ctx, 200, json.bytes(json.caseNode(c)));
    }

    private void decideCase(Context ctx) {
        UUID id = caseId(ctx);
        IdempotencyKey key = idempotencyKey(ctx);
        byte[] body = readJsonBody(ctx);
        NewDecision decision = json.readNewDecision(body);
        CaseRecord decided = repository.decide(id, decision, key);
        respond(ctx, 200, json.bytes(json.caseNode(decided)));
    }

    /** {@code POST /api/decide} with {@code case_id} in the body: the original decision engine's form. */
    private void decideCaseFromBody(Context ctx) {
        IdempotencyKey key = idempotencyKey(ctx);
        byte[] body = readJsonBody(ctx);
        CaseJson.DecideRequest request = json.readDecideRequest(body);
        UUID id = caseId(request.caseId());
        CaseRecord decided = repository.decide(id, request.decision(), key);
        respond(ctx, 200, json.bytes(json.caseNode(decided)));
    }

    // ---- plumbing ----

    private static UUID caseId(Context ctx) {
        return caseId(ctx.pathParam("case_id"));
    }

    private static UUID caseId(String text) {
        if (!CANONICAL_UUID.matcher(text).matches()) {
            throw new ApiError(404, "case_not_found", "no case has id " + shorten(text) + " (not a UUID)");
        }
        return UUID.fromString(text);
    }

    /** The request's idempotency key, or {@code null} without the header; one well-formed header at most. */
    private static IdempotencyKey idempotencyKey(Context ctx) {
        List<String> values = Collections.list(ctx.req().getHeaders(IDEMPOTENCY_KEY_HEADER));
        if (values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new ApiError(400, "invalid_idempotency_key", "give at most one " + IDEMPOTENCY_KEY_HEADER + " header",
                    IDEMPOTENCY_KEY_HEADER);
        }
        try {
            return IdempotencyKey.of(values.get(0));
        } catch (InvalidCaseInputException e) {
            throw new ApiError(400, "invalid_idempotency_key", IDEMPOTENCY_KEY_HEADER + " must be 1 to "
                    + IdempotencyKey.MAX_LENGTH + " visible ASCII characters", IDEMPOTENCY_KEY_HEADER);
        }
    }

    /**
     * The first value of a query parameter. Javalin drops a parameter whose value has a bad percent escape
     * ({@code status=DECIDED%ZZ}) as if it were absent; such a value is refused here instead, so a filter
     * is never silently lifted.
     */
    private static String queryParam(Context ctx, String name) {
        String value = ctx.queryParam(name);
        String query = ctx.queryString();
        if (value == null && query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if ((eq < 0 ? pair : pair.substring(0, eq)).equals(name)) {
                    throw new InvalidCaseInputException(name, name + " is not a valid URL-encoded value");
                }
            }
        }
        return value;
    }

    /**
     * Checks the content type and encoding, then reads at most maxBodyBytes of the body. At most
     * {@code maxConcurrentBodyReads} requests read a body at once; another one gets 503 at once, so
     * slow senders cannot take every worker from the reads.
     */
    private byte[] readJsonBody(Context ctx) {
        String contentType = ctx.header("Content-Type");
        if (!isJsonUtf8(contentType)) {
            throw new ApiError(415, "unsupported_media_type",
                    "Content-Type must be application/json (UTF-8)");
        }
        String encoding = ctx.header("Content-Encoding");
        if (encoding != null && !encoding.strip().equalsIgnoreCase("identity")) {
            throw new ApiError(415, "unsupported_media_type",
                    "Content-Encoding is not supported; send the body uncompressed (identity)");
        }
        long declared = ctx.req().getContentLengthLong();
        if (!bodyReads.tryAcquire()) {
            ctx.header("Retry-After", RETRY_AFTER_SECONDS);
            throw new ApiError(503, "server_busy", "too many requests are sending a body right now; retry later");
        }
        try (InputStream in = ctx.req().getInputStream()) {
            if (declared > maxBodyBytes) {
                throw tooLarge(in);
            }
            byte[] body = in.readNBytes(maxBodyBytes + 1);
            if (body.length > maxBodyBytes) {
                throw tooLarge(in);
            }
            return body;
        } catch (IOException e) {
            throw new ApiError(400, "malformed_json", "could not read the request body");
        } catch (BadMessageException e) {
            if (e.getCode() == 408) {
                throw new ApiError(408, "request_timeout", "the request body arrived too slowly (under "
                        + MIN_REQUEST_DATA_RATE + " bytes per second)");
            }
            throw new ApiError(400, "malformed_json", "could not read the request body");
        } finally {
            bodyReads.release();
        }
    }

    /**
     * The 413 for a body above the limit, after reading and discarding what is left of it, up to
     * {@link #MAX_DISCARDED_BYTES}: a client still sending when the answer comes then reads its 413,
     * instead of losing it to the reset of a connection closed on unread bytes. A larger body is cut off.
     */
    private ApiError tooLarge(InputStream in) {
        try {
            long discarded = 0;
            byte[] buffer = new byte[8192];
            int n;
            while (discarded < MAX_DISCARDED_BYTES && (n = in.read(buffer, 0,
                    (int) Math.min(buffer.length, MAX_DISCARDED_BYTES - discarded))) > 0) {
                discarded += n;
            }
        } catch (IOException | RuntimeException cutOff) {
            // the client stopped sending or was too slow: the 413 goes out on a closing connection
        }
        return new ApiError(413, "payload_too_large", "request body exceeds " + maxBodyBytes + " bytes");
    }

    private static boolean isJsonUtf8(String contentType) {
        if (contentType == null) {
            return false;
        }
        String[] parts = contentType.split(";");
        if (!parts[0].strip().toLowerCase(Locale.ROOT).equals("application/json")) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].strip().toLowerCase(Locale.ROOT);
            if (p.startsWith("charset=")) {
                String cs = p.substring("charset=".length()).replace("\"", "");
                if (!cs.equals("utf-8") && !cs.equals("utf8")) {
                    return false;
                }
            }
        }
        return true;
    }

    private void javalinError(Context ctx, int status) {
        switch (status) {
            case 404:
                error(ctx, 404, "not_found", "no such route: " + ctx.method() + " " + shorten(ctx.path()), null);
                break;
            case 405:
                error(ctx, 405, "method_not_allowed",
                        "method " + ctx.method() + " is not allowed on " + shorten(ctx.path()), null);
                break;
            case 413:
                error(ctx, 413, "payload_too_large", "request body exceeds " + maxBodyBytes + " bytes", null);
                break;
            default:
                error(ctx, status, status >= 500 ? "internal_error" : "bad_request",
                        status >= 500 ? "internal error" : "request refused", null);
        }
    }

    private void error(Context ctx, int status, String code, String message, String field) {
        respond(ctx, status, json.bytes(json.errorNode(code, message, field)));
    }

    private static void respond(Context ctx, int status, byte[] body) {
        ctx.status(status);
        ctx.contentType(JSON_UTF8);
        ctx.result(body);
    }

    private static String shorten(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    /** Options of a {@link CasesHttpServer}. */
    public static final class Builder {

        private CaseRepository repository;
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private Duration drainTimeout = DEFAULT_DRAIN_TIMEOUT;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private int maxConcurrentBodyReads = DEFAULT_MAX_CONCURRENT_BODY_READS;
        private BearerToken token;
        private List<String> corsOrigins = List.of();
        private Runnable readinessCheck;
        private PrometheusMeterRegistry metrics;
        private Consumer<String> accessLog = ACCESS_LOG::info;

        private Builder() {
        }

        /** The repository to serve; required. The server never closes it. */
        public Builder repository(CaseRepository repository) {
            this.repository = Objects.requireNonNull(repository, "repository");
            return this;
        }

        /** Interface to bind; default {@value #DEFAULT_HOST} (loopback only); {@code 0.0.0.0} for all. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** TCP port; 0 picks a free one (see {@link CasesHttpServer#port()}); default {@value #DEFAULT_PORT}. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535");
            }
            this.port = port;
            return this;
        }

        /** Largest accepted request body; larger ones get 413. Default 64 KiB. */
        public Builder maxBodyBytes(int maxBodyBytes) {
            if (maxBodyBytes < 1) {
                throw new IllegalArgumentException("maxBodyBytes must be positive");
            }
            this.maxBodyBytes = maxBodyBytes;
            return this;
        }

        /** How long {@link CasesHttpServer#close()} lets in-flight requests finish; default 10 s. */
        public Builder drainTimeout(Duration drainTimeout) {
            this.drainTimeout = positive(drainTimeout, "drainTimeout");
            return this;
        }

        /** A connection or request silent this long is closed; default 30 s. */
        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = positive(idleTimeout, "idleTimeout");
            return this;
        }

        /**
         * How many requests may be reading their body at once (each holds a worker thread while it
         * does); more get 503 {@code server_busy} at once. Default {@value #DEFAULT_MAX_CONCURRENT_BODY_READS},
         * well under the 250 workers, so reads always find one.
         */
        public Builder maxConcurrentBodyReads(int maxConcurrentBodyReads) {
            if (maxConcurrentBodyReads < 1) {
                throw new IllegalArgumentException("maxConcurrentBodyReads must be positive");
            }
            this.maxConcurrentBodyReads = maxConcurrentBodyReads;
            return this;
        }

        /**
         * Requires {@code Authorization: Bearer <token>} on every route but {@code /health/live} and
         * {@code /health/ready}; without it (the default) the API is open.
         *
         * @param token 16 to 4096 visible ASCII characters
         * @throws IllegalArgumentException otherwise (the message never quotes the token)
         */
        public Builder apiToken(String token) {
            this.token = BearerToken.of(token);
            return this;
        }

        /**
         * Lets browsers on these origins call the API (CORS): each an origin such as
         * {@code https://app.example.com} (scheme, host, optional port; no path), or {@code *} alone for
         * any. Default none: no CORS headers are sent.
         *
         * @throws IllegalArgumentException for a value that is not an origin
         */
        public Builder corsOrigins(List<String> origins) {
            Objects.requireNonNull(origins, "origins");
            for (String origin : origins) {
                if (origin == null || !(origin.equals("*") || ORIGIN.matcher(origin).matches())) {
                    throw new IllegalArgumentException("a CORS origin is * or scheme://host[:port], e.g."
                            + " https://app.example.com; got " + (origin == null ? "null" : shorten(origin)));
                }
            }
            if (origins.contains("*") && origins.size() > 1) {
                throw new IllegalArgumentException("the CORS origin * stands alone");
            }
            this.corsOrigins = List.copyOf(origins);
            return this;
        }

        /**
         * What {@code GET /health/ready} runs: it answers 200 when the check returns, 503
         * {@code not_ready} when it throws (the reason is logged, not answered). The check must bound
         * its own waits. Default: none, always ready.
         */
        public Builder readinessCheck(Runnable readinessCheck) {
            this.readinessCheck = Objects.requireNonNull(readinessCheck, "readinessCheck");
            return this;
        }

        /**
         * Records a timer per request in {@code registry} and serves it at {@code GET /metrics}. Default:
         * none, and no {@code /metrics} route. The server never closes the registry.
         */
        public Builder metrics(PrometheusMeterRegistry registry) {
            this.metrics = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /**
         * Where each access log line (one JSON object) goes; default the SLF4J logger
         * {@code dev.tau4j.cases.http.access} at INFO.
         */
        public Builder accessLog(Consumer<String> accessLog) {
            this.accessLog = Objects.requireNonNull(accessLog, "accessLog");
            return this;
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return d;
        }

        public CasesHttpServer build() {
            if (repository == null) {
                throw new IllegalStateException("a repository is required");
            }
            return new CasesHttpServer(this);
        }
    }
}
