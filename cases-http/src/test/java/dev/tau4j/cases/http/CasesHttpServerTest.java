package dev.tau4j.cases.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tau4j.cases.CaseQuery;
import dev.tau4j.cases.CaseRecord;
import dev.tau4j.cases.CaseStatus;
import dev.tau4j.cases.CaseType;
import dev.tau4j.cases.InMemoryCaseRepository;
import dev.tau4j.cases.NewCase;
import dev.tau4j.cases.internal.CaseCursor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The HTTP API over real HTTP, on a free port, with the in-memory repository. */
class CasesHttpServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_TYPE = "application/json";
    private static final int MAX_BODY = 4096;

    private InMemoryCaseRepository repository;
    private CasesHttpServer server;
    private HttpClient client;
    private String base;

    /** One HTTP exchange, its body parsed as JSON. */
    record Reply(int status, String contentType, String raw, JsonNode json) {
    }

    @BeforeEach
    void start() {
        repository = new InMemoryCaseRepository();
        server = CasesHttpServer.builder().repository(repository).host("127.0.0.1").port(0)
                .maxBodyBytes(MAX_BODY).build().start();
        base = "http://127.0.0.1:" + server.port();
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterEach
    void stop() {
        server.close();
        repository.close();
    }

    private Reply send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        String raw = new String(r.body(), StandardCharsets.UTF_8);
        JsonNode json = raw.isEmpty() ? null : JSON.readTree(raw);
        return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), raw, json);
    }

    private Reply get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    /** The raw HTTP/1.1 response to a GET of {@code path}, sent as is (no client-side URI checks). */
    private String rawGet(String path) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            s.getInputStream().transferTo(buf);
            return buf.toString(StandardCharsets.UTF_8);
        }
    }

    private Reply post(String path, String contentType, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b.build());
    }

    private Reply post(String path, String body) throws IOException, InterruptedException {
        return post(path, JSON_TYPE, body.getBytes(StandardCharsets.UTF_8));
    }

    /** A JSON POST carrying an Idempotency-Key header. */
    private Reply postKeyed(String path, String key, String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", JSON_TYPE).header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static void assertJsonError(Reply r, int status, String code) {
        assertThat(r.status()).as(r.raw()).isEqualTo(status);
        assertJsonUtf8(r);
        assertThat(r.json()).as(r.raw()).isNotNull();
        assertThat(r.json().get("error").asText()).isEqualTo(code);
        assertThat(r.json().get("message").asText()).isNotBlank();
        assertThat(r.raw()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("<html");
    }

    private static void assertJsonUtf8(Reply r) {
        assertThat(r.contentType().replace(" ", "")).isEqualToIgnoringCase("application/json;charset=utf-8");
    }

    private int caseCount() {
        return repository.list(CaseQuery.firstPage().withLimit(100)).cases().size();
    }

    private CaseRecord openCase() {
        return repository.create(new NewCase(CaseType.RFQ, "Laptops", "lot 1"));
    }

    private static final String DECISION =
            "{\"chosen_supplier\":\"ACME\",\"decision_reason\":\"cheapest\",\"next_action\":\"order\",\"decided_by\":\"Awa\"}";

    @Nested
    @DisplayName("POST /api/cases")
    class Create {

        @Test
        @DisplayName("201 with the case in snake_case JSON, stored")
        void created() throws Exception {
            Reply r = post("/api/cases", "{\"case_type\":\"DAO\",\"title\":\"  Office chairs \",\"lot\":\"lot 4\"}");
            assertThat(r.status()).isEqualTo(201);
            assertJsonUtf8(r);
            JsonNode c = r.json();
            UUID id = UUID.fromString(c.get("id").asText());
            assertThat(c.get("case_type").asText()).isEqualTo("DAO");
            assertThat(c.get("title").asText()).isEqualTo("Office chairs");
            assertThat(c.get("lot").asText()).isEqualTo("lot 4");
            assertThat(c.get("status").asText()).isEqualTo("OPEN");
            assertThat(c.get("created_at").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z");
            assertThat(c.get("updated_at").asText()).isEqualTo(c.get("created_at").asText());
            assertThat(c.get("decision").isNull()).isTrue();
            assertThat(repository.get(id).title()).isEqualTo("Office chairs");
        }

        @Test
        @DisplayName("lot may be omitted or null")
        void noLot() throws Exception {
            Reply r = post("/api/cases", "{\"case_type\":\"rfq\",\"title\":\"Toner\",\"lot\":null}");
            assertThat(r.status()).isEqualTo(201);
            assertThat(r.json().get("lot").isNull()).isTrue();
            assertThat(r.json().get("case_type").asText()).isEqualTo("RFQ");
        }

        @ParameterizedTest
        @ValueSource(strings = {"{", "not json", "{\"case_type\":\"DAO\",\"title\":\"x\"} trailing",
                "[1,2]", "\"just a string\"", "", "{\"title\":\"a\",\"title\":\"b\",\"case_type\":\"DAO\"}"})
        @DisplayName("400 malformed_json, nothing created")
        void malformed(String body) throws Exception {
            assertJsonError(post("/api/cases", body), 400, "malformed_json");
            assertThat(caseCount()).isZero();
        }

        @Test
        @DisplayName("400 when the body is not valid UTF-8")
        void invalidUtf8() throws Exception {
            byte[] body = {'{', '"', 't', 'i', 't', 'l', 'e', '"', ':', '"', (byte) 0xC3, '"', '}'};
            assertJsonError(post("/api/cases", JSON_TYPE, body), 400, "malformed_json");
            assertThat(caseCount()).isZero();
        }

        @Test
        @DisplayName("400 naming a missing field")
        void missingField() throws Exception {
            Reply r = post("/api/cases", "{\"case_type\":\"DAO\"}");
            assertJsonError(r, 400, "invalid_field");
            assertThat(r.json().get("field").asText()).isEqualTo("title");
            assertThat(r.json().get("message").asText()).contains("title");
            Reply r2 = post("/api/cases", "{\"title\":\"x\"}");
            assertJsonError(r2, 400, "invalid_field");
            assertThat(r2.json().get("message").asText()).contains("case_type");
            assertThat(caseCount()).isZero();
        }

        @Test
        @DisplayName("400 for an unknown case_type")
        void unknownType() throws Exception {
            Reply r = post("/api/cases", "{\"case_type\":\"XYZ\",\"title\":\"x\"}");
            assertJsonError(r, 400, "invalid_field");
            assertThat(r.json().get("field").asText()).isEqualTo("case_type");
            assertThat(caseCount()).isZero();
        }

        @Test
        @DisplayName("400 for a blank title")
        void blankTitle() throws Exception {
            Reply r = post("/api/cases", "{\"case_type\":\"DAO\",\"title\":\"   \"}");
            assertJsonError(r, 400, "invalid_field");
            assertThat(r.json().get("field").asText()).isEqualTo("title");
            assertThat(caseCount()).isZero();
        }

        @Test
        @DisplayName("400 for an unknown field, named")
        void unknownField() throws Exception {
            Reply r = post("/api/cases", "{\"case_type\":\"DAO\",\"title\":\"x\",\"priority\":1}");
            assertJsonError(r, 400, "invalid_field");
            assertThat(r.json().get("message").asText()).contains("priority");
            assertThat(caseCount()).isZero();
        }

        @Test
        @DisplayName("400 for a field of the wrong JSON type")
        void wrongType() throws Exception {
            Reply r = post("/api/cases", "{\"case_type\":\"DAO\",\"title\":42}");
            assertJsonError(r, 400, "invalid_field");
            assertThat(r.json().get("message").asText()).isEqualTo("title must be a string");
            assertThat(caseCount()).isZero();
        }

        @Test
        @DisplayName("413 for a body over the limit, nothing created")
        void tooLarge() throws Exception {
            String body = "{\"case_type\":\"DAO\",\"title\":\"" + "x".repeat(MAX_BODY) + "\"}";
            assertJsonError(post("/api/cases", body), 413, "payload_too_large");
            assertThat(caseCount()).isZero();
        }

        @Test
        @DisplayName("413 reaches a client still sending a body several times the limit, every time")
        void tooLargeWhileSending() throws Exception {
            String body = "{\"case_type\":\"DAO\",\"title\":\"" + "x".repeat(8 * MAX_BODY) + "\"}";
            for (int i = 0; i < 20; i++) {
                assertJsonError(post("/api/cases", body), 413, "payload_too_large");
            }
            assertThat(caseCount()).isZero();
        }

        @Test
        @DisplayName("413 also when the body is streamed without a Content-Length")
        void tooLargeChunked() throws Exception {
            byte[] body = ("{\"case_type\":\"DAO\",\"title\":\"" + "x".repeat(MAX_BODY) + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/api/cases"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", JSON_TYPE)
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body)))
                    .build();
            assertJsonError(send(req), 413, "payload_too_large");
            assertThat(caseCount()).isZero();
        }

        @ParameterizedTest
        @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "application/json; charset=iso-8859-1"})
        @DisplayName("415 for another content type, nothing created")
        void wrongContentType(String type) throws Exception {
            Reply r = post("/api/cases", type, "{\"case_type\":\"DAO\",\"title\":\"x\"}".getBytes(StandardCharsets.UTF_8));
            assertJsonError(r, 415, "unsupported_media_type");
            assertThat(caseCount()).isZero();
        }

        @Test
        @DisplayName("415 without a content type")
        void noContentType() throws Exception {
            assertJsonError(post("/api/cases", null, "{}".getBytes(StandardCharsets.UTF_8)), 415, "unsupported_media_type");
            assertThat(caseCount()).isZero();
        }

        @Test
        @DisplayName("application/json; charset=UTF-8 is accepted")
        void explicitCharset() throws Exception {
            Reply r = post("/api/cases", "application/json; charset=UTF-8",
                    "{\"case_type\":\"DAO\",\"title\":\"x\"}".getBytes(StandardCharsets.UTF_8));
            assertThat(r.status()).isEqualTo(201);
        }
    }

    @Nested
    @DisplayName("GET /api/cases")
    class ListCases {

        @Test
        @DisplayName("200 newest first, paged by cursor, filtered by status")
        void list() throws Exception {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ids.add(post("/api/cases", "{\"case_type\":\"DAO\",\"title\":\"case " + i + "\"}").json().get("id").asText());
            }
            Reply all = get("/api/cases");
            assertThat(all.status()).isEqualTo(200);
            assertJsonUtf8(all);
            assertThat(all.json().get("cases")).hasSize(5);
            assertThat(all.json().get("next_cursor").isNull()).isTrue();
            // newest first: the order of (created_at desc, id desc) the repository reports
            List<String> expected = repository.list(CaseQuery.firstPage()).cases().stream()
                    .map(c -> c.id().toString()).toList();
            List<String> listed = new ArrayList<>();
            all.json().get("cases").forEach(c -> listed.add(c.get("id").asText()));
            assertThat(listed).containsExactlyElementsOf(expected).containsExactlyInAnyOrderElementsOf(ids);

            Reply p1 = get("/api/cases?limit=2");
            assertThat(p1.json().get("cases")).hasSize(2);
            String cursor = p1.json().get("next_cursor").asText();
            Reply p2 = get("/api/cases?limit=2&cursor=" + cursor);
            Reply p3 = get("/api/cases?limit=2&cursor=" + p2.json().get("next_cursor").asText());
            List<String> paged = new ArrayList<>();
            for (Reply p : List.of(p1, p2, p3)) {
                p.json().get("cases").forEach(c -> paged.add(c.get("id").asText()));
            }
            assertThat(paged).containsExactlyElementsOf(expected);
            assertThat(p3.json().get("next_cursor").isNull()).isTrue();

            post("/api/decide/" + ids.get(2), DECISION);
            Reply decided = get("/api/cases?status=DECIDED");
            assertThat(decided.json().get("cases")).hasSize(1);
            assertThat(decided.json().get("cases").get(0).get("id").asText()).isEqualTo(ids.get(2));
            assertThat(decided.json().get("cases").get(0).get("decision").get("chosen_supplier").asText()).isEqualTo("ACME");
            assertThat(get("/api/cases?status=open").json().get("cases")).hasSize(4);
        }

        @ParameterizedTest
        @ValueSource(strings = {"limit=0", "limit=101", "limit=abc", "limit=-1", "cursor=bogus", "status=CLOSED"})
        @DisplayName("400 for a bad limit, cursor or status, naming it")
        void badQuery(String query) throws Exception {
            Reply r = get("/api/cases?" + query);
            assertJsonError(r, 400, "invalid_field");
            assertThat(r.json().get("field").asText()).isEqualTo(query.substring(0, query.indexOf('=')));
        }

        @ParameterizedTest
        @ValueSource(strings = {"status=DECIDED%ZZ", "status=%ZZ", "limit=1%G0", "cursor=%"})
        @DisplayName("400 for a parameter with a bad percent escape, never the parameter silently ignored")
        void badEscapeInQuery(String query) throws Exception {
            post("/api/cases", "{\"case_type\":\"DAO\",\"title\":\"open\"}");
            String response = rawGet("/api/cases?" + query); // java.net.URI refuses such a query
            assertThat(response).startsWith("HTTP/1.1 400 ");
            assertThat(response).containsIgnoringCase("Content-Type: application/json");
            assertThat(response).contains("\"error\":\"invalid_field\"")
                    .contains("\"field\":\"" + query.substring(0, query.indexOf('=')) + "\"")
                    .doesNotContain("\"cases\"");
        }

        @Test
        @DisplayName("400 for a forged cursor whose time no case can have (never a 500 from the database)")
        void cursorOutOfRange() throws Exception {
            String forged = new CaseCursor(Instant.parse("+316889355-01-01T00:00:00Z"),
                    UUID.randomUUID()).encode();
            Reply r = get("/api/cases?cursor=" + forged);
            assertJsonError(r, 400, "invalid_field");
            assertThat(r.json().get("field").asText()).isEqualTo("cursor");
        }
    }

    @Nested
    @DisplayName("GET /api/cases/{case_id}")
    class GetCase {

        @Test
        @DisplayName("200 with decision null while open")
        void open() throws Exception {
            CaseRecord c = openCase();
            Reply r = get("/api/cases/" + c.id());
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().get("id").asText()).isEqualTo(c.id().toString());
            assertThat(r.json().get("status").asText()).isEqualTo("OPEN");
            assertThat(r.json().has("decision")).isTrue();
            assertThat(r.json().get("decision").isNull()).isTrue();
        }

        @Test
        @DisplayName("404 for an unknown id")
        void unknown() throws Exception {
            assertJsonError(get("/api/cases/" + UUID.randomUUID()), 404, "case_not_found");
        }

        @ParameterizedTest
        @ValueSource(strings = {"not-a-uuid", "1-1-1-1-1", "123", "00000000-0000-0000-0000-00000000000g"})
        @DisplayName("404 for a malformed id")
        void malformed(String id) throws Exception {
            assertJsonError(get("/api/cases/" + id), 404, "case_not_found");
        }
    }

    @Nested
    @DisplayName("POST /api/decide/{case_id}")
    class Decide {

        @Test
        @DisplayName("200 with the decided case; GET shows the decision")
        void decide() throws Exception {
            CaseRecord c = openCase();
            Reply r = post("/api/decide/" + c.id(), DECISION);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().get("status").asText()).isEqualTo("DECIDED");
            JsonNode d = r.json().get("decision");
            assertThat(d.get("chosen_supplier").asText()).isEqualTo("ACME");
            assertThat(d.get("decision_reason").asText()).isEqualTo("cheapest");
            assertThat(d.get("next_action").asText()).isEqualTo("order");
            assertThat(d.get("decided_by").asText()).isEqualTo("Awa");
            assertThat(d.get("decided_at").asText()).isEqualTo(r.json().get("updated_at").asText());
            assertThat(get("/api/cases/" + c.id()).json()).isEqualTo(r.json());
            assertThat(repository.get(c.id()).status()).isEqualTo(CaseStatus.DECIDED);
        }

        @Test
        @DisplayName("409 when already decided; the first decision stays")
        void twice() throws Exception {
            CaseRecord c = openCase();
            assertThat(post("/api/decide/" + c.id(), DECISION).status()).isEqualTo(200);
            Reply second = post("/api/decide/" + c.id(),
                    "{\"chosen_supplier\":\"Other\",\"decision_reason\":\"r\",\"next_action\":\"n\"}");
            assertJsonError(second, 409, "already_decided");
            assertThat(repository.get(c.id()).decision().chosenSupplier()).isEqualTo("ACME");
        }

        @Test
        @DisplayName("404 for an unknown or malformed case id, nothing written")
        void unknown() throws Exception {
            CaseRecord c = openCase();
            assertJsonError(post("/api/decide/" + UUID.randomUUID(), DECISION), 404, "case_not_found");
            assertJsonError(post("/api/decide/nope", DECISION), 404, "case_not_found");
            assertThat(repository.get(c.id())).isEqualTo(c);
            assertThat(caseCount()).isEqualTo(1);
        }

        @Test
        @DisplayName("400 for malformed JSON or a missing/blank field, the case stays OPEN")
        void invalid() throws Exception {
            CaseRecord c = openCase();
            assertJsonError(post("/api/decide/" + c.id(), "{\"chosen_supplier\":"), 400, "malformed_json");
            Reply missing = post("/api/decide/" + c.id(), "{\"chosen_supplier\":\"ACME\",\"decision_reason\":\"r\"}");
            assertJsonError(missing, 400, "invalid_field");
            assertThat(missing.json().get("field").asText()).isEqualTo("next_action");
            Reply blank = post("/api/decide/" + c.id(),
                    "{\"chosen_supplier\":\" \",\"decision_reason\":\"r\",\"next_action\":\"n\"}");
            assertJsonError(blank, 400, "invalid_field");
            assertThat(blank.json().get("field").asText()).isEqualTo("chosen_supplier");
            assertThat(repository.get(c.id())).isEqualTo(c);
        }

        @Test
        @DisplayName("413 and 415, the case stays OPEN")
        void sizeAndType() throws Exception {
            CaseRecord c = openCase();
            String big = "{\"chosen_supplier\":\"" + "x".repeat(MAX_BODY) + "\",\"decision_reason\":\"r\",\"next_action\":\"n\"}";
            assertJsonError(post("/api/decide/" + c.id(), big), 413, "payload_too_large");
            assertJsonError(post("/api/decide/" + c.id(), "text/plain", DECISION.getBytes(StandardCharsets.UTF_8)),
                    415, "unsupported_media_type");
            assertThat(repository.get(c.id())).isEqualTo(c);
        }
    }

    @Nested
    @DisplayName("Idempotency-Key")
    class IdempotencyKeys {

        private static final String CREATE = "{\"case_type\":\"RFQ\",\"title\":\"Laptops\"}";

        @Test
        @DisplayName("a create repeated with its key answers the same 201 and body and writes nothing")
        void createReplay() throws Exception {
            Reply first = postKeyed("/api/cases", "create-1", CREATE);
            Reply again = postKeyed("/api/cases", "create-1", CREATE);
            assertThat(first.status()).as(first.raw()).isEqualTo(201);
            assertThat(again.status()).isEqualTo(201);
            assertThat(again.raw()).isEqualTo(first.raw());
            assertThat(caseCount()).isEqualTo(1);
            assertThat(post("/api/cases", CREATE).status()).isEqualTo(201);
            assertThat(caseCount()).as("without a key every POST writes").isEqualTo(2);
        }

        @Test
        @DisplayName("the same key with another body is 422 idempotency_key_reused and writes nothing")
        void createConflict() throws Exception {
            postKeyed("/api/cases", "create-2", CREATE);
            Reply other = postKeyed("/api/cases", "create-2", "{\"case_type\":\"RFQ\",\"title\":\"Tables\"}");
            assertJsonError(other, 422, "idempotency_key_reused");
            assertThat(caseCount()).isEqualTo(1);
        }

        @ParameterizedTest
        @ValueSource(strings = {"has space", "é"})
        @DisplayName("a malformed key is 400 invalid_idempotency_key and writes nothing")
        void malformed(String key) throws Exception {
            String raw = "POST /api/cases HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + "Content-Type: application/json\r\nIdempotency-Key: " + key + "\r\nContent-Length: "
                    + CREATE.length() + "\r\n\r\n" + CREATE;
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.getOutputStream().write(raw.getBytes(StandardCharsets.UTF_8));
                String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(reply).startsWith("HTTP/1.1 400").contains("\"invalid_idempotency_key\"");
            }
            assertJsonError(postKeyed("/api/cases", "x".repeat(256), CREATE), 400, "invalid_idempotency_key");
            assertThat(caseCount()).isZero();
        }

        @Test
        @DisplayName("a decide repeated with its key answers the same 200 and body, not 409")
        void decideReplay() throws Exception {
            CaseRecord open = openCase();
            Reply first = postKeyed("/api/decide/" + open.id(), "decide-1", DECISION);
            Reply again = postKeyed("/api/decide/" + open.id(), "decide-1", DECISION);
            assertThat(first.status()).as(first.raw()).isEqualTo(200);
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.raw()).isEqualTo(first.raw());
            assertJsonError(post("/api/decide/" + open.id(), DECISION), 409, "already_decided");
            assertJsonError(postKeyed("/api/decide/" + openCase().id(), "decide-1", DECISION), 422,
                    "idempotency_key_reused");
        }
    }

    @Nested
    @DisplayName("anything else")
    class Other {

        @Test
        @DisplayName("404 JSON for an unknown route")
        void unknownRoute() throws Exception {
            assertJsonError(get("/nope"), 404, "not_found");
            assertJsonError(get("/api/cases/" + UUID.randomUUID() + "/extra"), 404, "not_found");
        }

        @Test
        @DisplayName("405 JSON for a known route with another method")
        void wrongMethod() throws Exception {
            Reply r = send(HttpRequest.newBuilder(URI.create(base + "/api/cases"))
                    .method("DELETE", HttpRequest.BodyPublishers.noBody()).build());
            assertJsonError(r, 405, "method_not_allowed");
            Reply r2 = get("/api/decide/" + UUID.randomUUID());
            assertJsonError(r2, 405, "method_not_allowed");
        }

        @Test
        @DisplayName("a bad percent-escape in the path still gets a JSON error, not HTML")
        void badEscape() throws Exception {
            String response = rawGet("/api/cases/%zz");
            assertThat(response).startsWith("HTTP/1.1 4");
            assertThat(response).containsIgnoringCase("Content-Type: application/json");
            assertThat(response).doesNotContain("<html");
            assertThat(response).contains("\"error\"");
        }
    }

    @Test
    @DisplayName("UTF-8 round trip over HTTP: accents, dashes, emoji")
    void utf8RoundTrip() throws Exception {
        String title = "Marché n°3 — lot é 🚀";
        String lot = "Lot Ω — 東京 🧾";
        Reply created = post("/api/cases", "{\"case_type\":\"DAO\",\"title\":\"" + title + "\",\"lot\":\"" + lot + "\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("title").asText()).isEqualTo(title);
        String id = created.json().get("id").asText();
        Reply read = get("/api/cases/" + id);
        assertThat(read.json().get("title").asText()).isEqualTo(title);
        assertThat(read.json().get("lot").asText()).isEqualTo(lot);
        assertThat(read.raw()).contains(title); // raw UTF-8, not \\u escapes
        Reply decided = post("/api/decide/" + id,
                "{\"chosen_supplier\":\"Société Générale 🏭\",\"decision_reason\":\"Prix — délai\\n2 j\",\"next_action\":\"Émettre ✅\"}");
        assertThat(decided.status()).isEqualTo(200);
        assertThat(decided.json().get("decision").get("chosen_supplier").asText()).isEqualTo("Société Générale 🏭");
        assertThat(decided.json().get("decision").get("decision_reason").asText()).isEqualTo("Prix — délai\n2 j");
        assertThat(repository.get(UUID.fromString(id)).title()).isEqualTo(title);
    }

    @Test
    @DisplayName("the smoke: create → list → decide → list shows the status changed")
    void smoke() throws Exception {
        Reply created = post("/api/cases", "{\"case_type\":\"RFQ\",\"title\":\"Smoke\"}");
        assertThat(created.status()).isEqualTo(201);
        String id = created.json().get("id").asText();
        Reply before = get("/api/cases");
        assertThat(before.json().get("cases").get(0).get("status").asText()).isEqualTo("OPEN");
        assertThat(post("/api/decide/" + id, DECISION).status()).isEqualTo(200);
        Reply after = get("/api/cases");
        assertThat(after.json().get("cases").get(0).get("id").asText()).isEqualTo(id);
        assertThat(after.json().get("cases").get(0).get("status").asText()).isEqualTo("DECIDED");
    }
}
