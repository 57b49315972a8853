package dev.tau4j.cases.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tau4j.cases.CaseStoreException;
import dev.tau4j.cases.CaseStoreUnavailableException;
import dev.tau4j.cases.InMemoryCaseRepository;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What an operator needs from the server: health, token, CORS, request ids, access log, metrics, the old decide route. */
class CasesHttpServerOperationsTest {

    static final String TOKEN = "s3cret-token-0123456789";
    static final String CREATE = "{\"case_type\":\"RFQ\",\"title\":\"Laptops\"}";
    static final String DECISION = "\"chosen_supplier\":\"ACME\",\"decision_reason\":\"best\",\"next_action\":\"PO\"";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> accessLog = new CopyOnWriteArrayList<>();
    private final InMemoryCaseRepository repository = new InMemoryCaseRepository();
    private CasesHttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        repository.close();
    }

    private void start(CasesHttpServer.Builder options) {
        server = options.repository(repository).port(0).accessLog(accessLog::add).build().start();
    }

    private HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    @Test
    @DisplayName("binds 127.0.0.1 by default")
    void loopbackByDefault() throws Exception {
        start(CasesHttpServer.builder());
        assertThat(CasesHttpServer.DEFAULT_HOST).isEqualTo("127.0.0.1");
        assertThat(send("GET", "/health/live", null).statusCode()).isEqualTo(200);
    }

    @Nested
    @DisplayName("health")
    class Health {

        @Test
        @DisplayName("/health/live and /health/ready answer 200 JSON")
        void up() throws Exception {
            start(CasesHttpServer.builder().readinessCheck(() -> { }));
            HttpResponse<String> live = send("GET", "/health/live", null);
            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(json(live).path("status").asText()).isEqualTo("up");
            HttpResponse<String> ready = send("GET", "/health/ready", null);
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(json(ready).path("status").asText()).isEqualTo("ready");
        }

        @Test
        @DisplayName("/health/ready is 503 not_ready with Retry-After when the check fails, and tells nothing of the cause")
        void notReady() throws Exception {
            AtomicReference<RuntimeException> failure = new AtomicReference<>(
                    new CaseStoreUnavailableException("cannot reach postgres://tau@db.internal:5432/app", null, null));
            start(CasesHttpServer.builder().readinessCheck(() -> {
                if (failure.get() != null) {
                    throw failure.get();
                }
            }));
            HttpResponse<String> down = send("GET", "/health/ready", null);
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.headers().firstValue("Retry-After")).contains("1");
            assertThat(json(down).path("error").asText()).isEqualTo("not_ready");
            assertThat(down.body()).doesNotContain("db.internal");

            failure.set(new CaseStoreException("schema tau4j does not match the migrations", null, null));
            HttpResponse<String> stale = send("GET", "/health/ready", null);
            assertThat(stale.statusCode()).isEqualTo(503);
            assertThat(json(stale).path("message").asText()).contains("schema is not current");

            failure.set(null);
            assertThat(send("GET", "/health/ready", null).statusCode()).isEqualTo(200);
            assertThat(send("GET", "/health/live", null).statusCode()).isEqualTo(200);
        }
    }

    @Nested
    @DisplayName("bearer token")
    class Token {

        @Test
        @DisplayName("without the token: 401 JSON with WWW-Authenticate on every route but the health ones")
        void refused() throws Exception {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            start(CasesHttpServer.builder().apiToken(TOKEN).metrics(registry));
            for (String[] request : new String[][] {
                    {"GET", "/api/cases"}, {"POST", "/api/cases"}, {"GET", "/api/cases/" + UUID.randomUUID()},
                    {"POST", "/api/decide"}, {"GET", "/metrics"}, {"GET", "/openapi.json"}}) {
                HttpResponse<String> r = send(request[0], request[1], request[0].equals("POST") ? CREATE : null);
                assertThat(r.statusCode()).as(request[1]).isEqualTo(401);
                assertThat(json(r).path("error").asText()).isEqualTo("unauthorized");
                assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"tau4j\"");
            }
            HttpResponse<String> wrong = send("GET", "/api/cases", null, "Authorization", "Bearer " + TOKEN + "x");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.headers().firstValue("WWW-Authenticate").orElse("")).contains("invalid_token");
            assertThat(send("GET", "/api/cases", null, "Authorization", "Basic " + TOKEN).statusCode()).isEqualTo(401);
            assertThat(send("GET", "/api/cases", null, "Authorization", TOKEN).statusCode()).isEqualTo(401);
            assertThat(repository.list(dev.tau4j.cases.CaseQuery.firstPage()).cases()).as("nothing written").isEmpty();

            assertThat(send("GET", "/health/live", null).statusCode()).isEqualTo(200);
            assertThat(send("GET", "/health/ready", null).statusCode()).isEqualTo(200);
            assertThat(send("GET", "/nowhere", null).statusCode()).as("no route: 404 either way").isEqualTo(404);
            registry.close();
        }

        @Test
        @DisplayName("with the token (any case of the scheme): the API answers")
        void accepted() throws Exception {
            start(CasesHttpServer.builder().apiToken(TOKEN));
            HttpResponse<String> created = send("POST", "/api/cases", CREATE, "Authorization", "Bearer " + TOKEN);
            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(send("GET", "/api/cases", null, "Authorization", "bearer " + TOKEN).statusCode()).isEqualTo(200);
            assertThat(send("GET", "/openapi.json", null, "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
        }

        @Test
        @DisplayName("a short or blank token is refused when the server is built, without quoting it")
        void weakToken() {
            for (String weak : new String[] {"", "short", "has a space in it!!", "x".repeat(15)}) {
                assertThatThrownBy(() -> CasesHttpServer.builder().apiToken(weak))
                        .isInstanceOf(IllegalArgumentException.class)
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(weak.isEmpty() ? "\0" : weak));
            }
        }
    }

    @Nested
    @DisplayName("CORS")
    class Cors {

        @Test
        @DisplayName("an allowed origin gets the CORS headers (preflight, answers and 401s); another origin none")
        void allowed() throws Exception {
            start(CasesHttpServer.builder().apiToken(TOKEN).corsOrigins(List.of("https://ui.example.com")));
            HttpResponse<String> preflight = send("OPTIONS", "/api/cases", null, "Origin", "https://ui.example.com",
                    "Access-Control-Request-Method", "POST",
                    "Access-Control-Request-Headers", "authorization,content-type,idempotency-key");
            assertThat(preflight.statusCode()).isBetween(200, 204);
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).contains("https://ui.example.com");
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase())
                    .contains("authorization").contains("idempotency-key");

            HttpResponse<String> ok = send("GET", "/api/cases", null, "Origin", "https://ui.example.com",
                    "Authorization", "Bearer " + TOKEN);
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().firstValue("Access-Control-Allow-Origin")).contains("https://ui.example.com");
            assertThat(ok.headers().firstValue("Access-Control-Expose-Headers").orElse("")).contains("X-Request-Id");

            HttpResponse<String> unauthorized = send("GET", "/api/cases", null, "Origin", "https://ui.example.com");
            assertThat(unauthorized.statusCode()).isEqualTo(401);
            assertThat(unauthorized.headers().firstValue("Access-Control-Allow-Origin")).contains("https://ui.example.com");

            HttpResponse<String> other = send("GET", "/api/cases", null, "Origin", "https://evil.example.com",
                    "Authorization", "Bearer " + TOKEN);
            assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        }

        @Test
        @DisplayName("without origins no CORS header is sent; bad origins are refused")
        void none() throws Exception {
            start(CasesHttpServer.builder());
            HttpResponse<String> r = send("GET", "/api/cases", null, "Origin", "https://ui.example.com");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
            for (List<String> bad : List.of(List.of("ui.example.com"), List.of("https://ui.example.com/path"),
                    List.of("*", "https://a.example.com"), List.of("ftp://x"))) {
                assertThatThrownBy(() -> CasesHttpServer.builder().corsOrigins(bad))
                        .isInstanceOf(IllegalArgumentException.class);
            }
        }
    }

    @Nested
    @DisplayName("request id and access log")
    class AccessLog {

        @Test
        @DisplayName("a sane X-Request-Id is echoed; another one is replaced by a new UUID")
        void requestId() throws Exception {
            start(CasesHttpServer.builder());
            HttpResponse<String> given = send("GET", "/api/cases", null, "X-Request-Id", "req-42.a:b");
            assertThat(given.headers().firstValue("X-Request-Id")).contains("req-42.a:b");
            HttpResponse<String> insane = send("GET", "/api/cases", null, "X-Request-Id", "bad id\u00e9<script>");
            String generated = insane.headers().firstValue("X-Request-Id").orElseThrow();
            assertThat(UUID.fromString(generated).toString()).isEqualTo(generated);
            HttpResponse<String> absent = send("GET", "/nowhere", null);
            assertThat(absent.statusCode()).isEqualTo(404);
            assertThat(absent.headers().firstValue("X-Request-Id")).isPresent();
        }

        @Test
        @DisplayName("one JSON line per request: id, method, path without query, route, status, duration, client; no body or secret")
        void lines() throws Exception {
            start(CasesHttpServer.builder().apiToken(TOKEN));
            send("POST", "/api/cases?token=querysecret", "{\"case_type\":\"RFQ\",\"title\":\"bodysecret\"}",
                    "Authorization", "Bearer " + TOKEN, "X-Request-Id", "create-1");
            send("GET", "/api/cases", null);
            assertThat(accessLog).hasSize(2);
            JsonNode create = JSON.readTree(accessLog.get(0));
            assertThat(create.path("request_id").asText()).isEqualTo("create-1");
            assertThat(create.path("method").asText()).isEqualTo("POST");
            assertThat(create.path("path").asText()).isEqualTo("/api/cases");
            assertThat(create.path("route").asText()).isEqualTo("/api/cases");
            assertThat(create.path("status").asInt()).isEqualTo(201);
            assertThat(create.path("duration_ms").isNumber()).isTrue();
            assertThat(create.path("client").asText()).isEqualTo("127.0.0.1");
            assertThat(create.path("time").asText()).endsWith("Z");
            JsonNode refused = JSON.readTree(accessLog.get(1));
            assertThat(refused.path("status").asInt()).isEqualTo(401);
            assertThat(String.join("\n", accessLog)).doesNotContain("querysecret").doesNotContain("bodysecret")
                    .doesNotContain(TOKEN);
        }
    }

    @Test
    @DisplayName("/metrics: a timer per route template, method and status, never a case id")
    void metrics() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        start(CasesHttpServer.builder().metrics(registry));
        String id = json(send("POST", "/api/cases", CREATE)).path("id").asText();
        send("GET", "/api/cases/" + id, null);
        send("GET", "/api/cases/" + UUID.randomUUID(), null);
        send("DELETE", "/api/cases/" + id, null);
        send("BREW", "/api/cases", null);
        HttpResponse<String> metrics = send("GET", "/metrics", null);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(metrics.body())
                .contains("http_server_requests_seconds_count{method=\"POST\",route=\"/api/cases\",status=\"201\"} 1")
                .contains("http_server_requests_seconds_count{method=\"GET\",route=\"/api/cases/{case_id}\",status=\"200\"} 1")
                .contains("http_server_requests_seconds_count{method=\"GET\",route=\"/api/cases/{case_id}\",status=\"404\"} 1")
                .contains("route=\"UNMATCHED\",status=\"405\"")
                .contains("method=\"OTHER\"")
                .doesNotContain(id);
        registry.close();
    }

    @Nested
    @DisplayName("POST /api/decide with case_id in the body")
    class DecideByBody {

        @Test
        @DisplayName("decides like POST /api/decide/{case_id}: 200, then 409; a key replays across both forms")
        void decides() throws Exception {
            start(CasesHttpServer.builder());
            String id = json(send("POST", "/api/cases", CREATE)).path("id").asText();
            String body = "{\"case_id\":\"" + id + "\"," + DECISION + "}";
            HttpResponse<String> decided = send("POST", "/api/decide", body, "Idempotency-Key", "k-1");
            assertThat(decided.statusCode()).as(decided.body()).isEqualTo(200);
            assertThat(json(decided).path("status").asText()).isEqualTo("DECIDED");
            assertThat(json(decided).path("decision").path("chosen_supplier").asText()).isEqualTo("ACME");

            HttpResponse<String> replay = send("POST", "/api/decide/" + id, "{" + DECISION + "}", "Idempotency-Key", "k-1");
            assertThat(replay.statusCode()).isEqualTo(200);
            assertThat(replay.body()).isEqualTo(decided.body());
            HttpResponse<String> again = send("POST", "/api/decide", body);
            assertThat(again.statusCode()).isEqualTo(409);
            assertThat(json(again).path("error").asText()).isEqualTo("already_decided");
        }

        @Test
        @DisplayName("the same errors: missing case_id 400, not a UUID or unknown 404, bad field 400, reused key 422, not JSON 415")
        void errors() throws Exception {
            start(CasesHttpServer.builder());
            HttpResponse<String> missing = send("POST", "/api/decide", "{" + DECISION + "}");
            assertThat(missing.statusCode()).isEqualTo(400);
            assertThat(json(missing).path("field").asText()).isEqualTo("case_id");
            assertThat(send("POST", "/api/decide", "{\"case_id\":\"nope\"," + DECISION + "}").statusCode()).isEqualTo(404);
            HttpResponse<String> unknown = send("POST", "/api/decide", "{\"case_id\":\"" + UUID.randomUUID() + "\"," + DECISION + "}");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(json(unknown).path("error").asText()).isEqualTo("case_not_found");
            String id = json(send("POST", "/api/cases", CREATE)).path("id").asText();
            HttpResponse<String> badField = send("POST", "/api/decide", "{\"case_id\":\"" + id + "\",\"chosen_supplier\":\" \","
                    + "\"decision_reason\":\"r\",\"next_action\":\"n\"}");
            assertThat(badField.statusCode()).isEqualTo(400);
            assertThat(json(badField).path("field").asText()).isEqualTo("chosen_supplier");
            assertThat(send("POST", "/api/decide", "{\"case_id\":7," + DECISION + "}").statusCode()).isEqualTo(400);
            send("POST", "/api/cases", CREATE, "Idempotency-Key", "used");
            assertThat(send("POST", "/api/decide", "{\"case_id\":\"" + id + "\"," + DECISION + "}", "Idempotency-Key", "used")
                    .statusCode()).isEqualTo(422);
            HttpResponse<String> text = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                    + "/api/decide")).header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(text.statusCode()).isEqualTo(415);
            assertThat(repository.get(UUID.fromString(id)).decision()).as("nothing decided").isNull();
        }
    }
}
