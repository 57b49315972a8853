package dev.tau4j.cases.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tau4j.cases.CasePage;
import dev.tau4j.cases.CaseQuery;
import dev.tau4j.cases.CaseRecord;
import dev.tau4j.cases.CaseRepository;
import dev.tau4j.cases.CaseStoreUnavailableException;
import dev.tau4j.cases.IdempotencyKey;
import dev.tau4j.cases.InMemoryCaseRepository;
import dev.tau4j.cases.NewCase;
import dev.tau4j.cases.NewDecision;
import dev.tau4j.cases.http.internal.RequestTelemetry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * /openapi.json describes the server as it is: every route it registers is an operation (and every
 * operation a route), every path parameter is declared, and every status a tour of the API made the
 * server answer — read back from the server's own per-route timers — is listed for its operation.
 */
class OpenApiTest {

    private static final String TOKEN = CasesHttpServerOperationsTest.TOKEN;
    private static final String CREATE = CasesHttpServerOperationsTest.CREATE;
    private static final String DECISION = CasesHttpServerOperationsTest.DECISION;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    /** When set, every repository call throws it. */
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final AtomicReference<RuntimeException> notReady = new AtomicReference<>();
    private final InMemoryCaseRepository memory = new InMemoryCaseRepository();
    private CasesHttpServer server;
    private JsonNode openapi;

    @BeforeEach
    void start() throws Exception {
        server = CasesHttpServer.builder().repository(failing(memory)).port(0).apiToken(TOKEN).metrics(registry)
                .maxBodyBytes(1024).corsOrigins(List.of("https://ui.example.com"))
                .readinessCheck(() -> {
                    if (notReady.get() != null) {
                        throw notReady.get();
                    }
                }).build().start();
        HttpResponse<String> r = send("GET", "/openapi.json", null, true);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        openapi = JSON.readTree(r.body());
    }

    @AfterEach
    void stop() {
        server.close();
        registry.close();
    }

    @Test
    @DisplayName("every registered route is an operation and every operation a registered route")
    void routes() {
        Set<String> registered = new TreeSet<>();
        for (String route : server.routes()) {
            // the CORS plugin's preflight answer is browser plumbing, not an API operation
            if (!route.startsWith("OPTIONS ")) {
                registered.add(route);
            }
        }
        Set<String> described = new TreeSet<>();
        openapi.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames()
                .forEachRemaining(method -> described.add(method.toUpperCase() + " " + path.getKey())));
        assertThat(registered).hasSize(9);
        assertThat(described).isEqualTo(registered);
    }

    @Test
    @DisplayName("every path parameter of a route is declared on its operation; the list's query parameters too")
    void parameters() {
        Pattern param = Pattern.compile("\\{([a-z_]+)}");
        openapi.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            Set<String> declared = new TreeSet<>();
            op.getValue().path("parameters").forEach(p -> declared.add(resolve(p).path("in").asText() + ":"
                    + resolve(p).path("name").asText()));
            Matcher m = param.matcher(path.getKey());
            while (m.find()) {
                assertThat(declared).as(op.getKey() + " " + path.getKey()).contains("path:" + m.group(1));
            }
            if (op.getKey().equals("post") && path.getKey().startsWith("/api/")) {
                assertThat(declared).as("POSTs take an idempotency key").contains("header:Idempotency-Key");
                assertThat(op.getValue().path("requestBody").path("content").has("application/json")).isTrue();
            }
        }));
        Set<String> listParameters = new TreeSet<>();
        openapi.at("/paths/~1api~1cases/get/parameters").forEach(p -> listParameters.add(resolve(p).path("name").asText()));
        assertThat(listParameters).containsExactly("cursor", "limit", "status");
    }

    @Test
    @DisplayName("every status the server answered on a tour of the API is listed for its operation")
    void statuses() throws Exception {
        tour();
        List<String> undocumented = new ArrayList<>();
        Set<Integer> answered = new TreeSet<>();
        for (Timer timer : registry.find(RequestTelemetry.TIMER).timers()) {
            String route = timer.getId().getTag("route");
            String method = timer.getId().getTag("method").toLowerCase();
            String status = timer.getId().getTag("status");
            answered.add(Integer.parseInt(status));
            JsonNode responses = route.equals(RequestTelemetry.UNMATCHED)
                    ? openapi.path("x-unmatched-route-responses")
                    : openapi.path("paths").path(route).path(method).path("responses");
            if (!responses.has(status)) {
                undocumented.add(method.toUpperCase() + " " + route + " -> " + status);
            }
        }
        assertThat(answered).as("statuses the tour made the server answer")
                .contains(200, 201, 400, 401, 404, 405, 409, 413, 415, 422, 500, 503);
        assertThat(undocumented).as("answered but not in /openapi.json").isEmpty();
    }

    /** Makes the server answer every status it can, on every route. */
    private void tour() throws Exception {
        for (String path : new String[] {"/health/live", "/health/ready", "/metrics", "/openapi.json", "/api/cases"}) {
            send("GET", path, null, true);
        }
        String id = JSON.readTree(send("POST", "/api/cases", CREATE, true).body()).path("id").asText();
        String other = JSON.readTree(send("POST", "/api/cases", CREATE, true).body()).path("id").asText();
        send("GET", "/api/cases/" + id, null, true);
        send("POST", "/api/decide/" + id, "{" + DECISION + "}", true);
        send("POST", "/api/decide", "{\"case_id\":\"" + other + "\"," + DECISION + "}", true);
        String[][] posts = {{"/api/cases", CREATE}, {"/api/decide/" + id, "{" + DECISION + "}"},
                {"/api/decide", "{\"case_id\":\"" + id + "\"," + DECISION + "}"}};
        for (String[] post : posts) {
            send("POST", post[0], post[1], true);                                  // 409 on the decides
            send("POST", post[0], post[1], false);                                 // 401
            send("POST", post[0], "{", true);                                      // 400
            send("POST", post[0], "{\"x\":\"" + "a".repeat(2000) + "\"}", true);  // 413
            sendRaw(post[0], "text/plain", post[1]);                               // 415
            send("POST", post[0], "{" + DECISION + "}", true, "Idempotency-Key", "tour");  // 422 after the first
            send("POST", post[0], CREATE, true, "Idempotency-Key", "tour");
        }
        send("GET", "/api/cases/" + UUID.randomUUID(), null, true);                // 404
        send("POST", "/api/decide/" + UUID.randomUUID(), "{" + DECISION + "}", true);
        send("POST", "/api/decide", "{\"case_id\":\"" + UUID.randomUUID() + "\"," + DECISION + "}", true);
        send("GET", "/api/cases?limit=x", null, true);                             // 400
        for (String path : new String[] {"/api/cases", "/api/cases/" + id, "/metrics", "/openapi.json"}) {
            send("GET", path, null, false);                                        // 401
        }
        send("GET", "/nowhere", null, true);                                       // 404, no route
        send("DELETE", "/api/cases", null, true);                                  // 405
        for (RuntimeException e : new RuntimeException[] {
                new CaseStoreUnavailableException("down", null), new IllegalStateException("bug")}) {
            failure.set(e);                                                        // 503, then 500
            send("GET", "/api/cases", null, true);
            send("GET", "/api/cases/" + id, null, true);
            for (String[] post : posts) {
                send("POST", post[0], post[1], true);
            }
        }
        failure.set(null);
        notReady.set(new CaseStoreUnavailableException("down", null));
        send("GET", "/health/ready", null, false);                                 // 503
    }

    private HttpResponse<String> send(String method, String path, String body, boolean token, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (token) {
            b.header("Authorization", "Bearer " + TOKEN);
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void sendRaw(String path, String contentType, String body) throws Exception {
        client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Content-Type", contentType).header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode resolve(JsonNode node) {
        String ref = node.path("$ref").asText(null);
        return ref == null ? node : openapi.at(ref.substring(1));
    }

    /** {@code delegate}, except that every call throws {@link #failure} while it is set. */
    private CaseRepository failing(CaseRepository delegate) {
        return new CaseRepository() {
            private void maybeFail() {
                RuntimeException e = failure.get();
                if (e != null) {
                    throw e;
                }
            }

            @Override
            public CaseRecord create(NewCase newCase, IdempotencyKey key) {
                maybeFail();
                return delegate.create(newCase, key);
            }

            @Override
            public Optional<CaseRecord> find(UUID id) {
                maybeFail();
                return delegate.find(id);
            }

            @Override
            public CasePage list(CaseQuery query) {
                maybeFail();
                return delegate.list(query);
            }

            @Override
            public CaseRecord decide(UUID id, NewDecision decision, IdempotencyKey key) {
                maybeFail();
                return delegate.decide(id, decision, key);
            }

            @Override
            public void close() {
                delegate.close();
            }
        };
    }
}
