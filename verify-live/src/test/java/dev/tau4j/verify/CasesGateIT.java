package dev.tau4j.verify;

import dev.tau4j.testing.ProvisionedPostgres;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tau4j.cases.http.CasesHttpServer;
import dev.tau4j.cases.postgres.PostgresCaseRepository;
import dev.tau4j.postgres.MigrationMode;
import dev.tau4j.verify.CasesApiClient.Reply;
import dev.tau4j.verify.CasesApiClient.Request;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The go/no-go gate of the cases engine, on the live PostgreSQL and over real HTTP: the cases API
 * ({@link CasesHttpServer} over {@link PostgresCaseRepository}, its own fresh schema) on a free port,
 * driven by a plain {@link java.net.http.HttpClient}.
 *
 * <ol>
 *   <li>create (201) → list (200, OPEN) → decide (200) → list (200, DECIDED, read back from the database)
 *       → decide again (409) → get (200, the decision), then a new repository and server over the same
 *       schema still list it DECIDED;</li>
 *   <li>refused requests (400 malformed JSON, 400 invalid field naming it, 404 unknown case, 404 malformed
 *       id, 413 oversized body, 415 wrong content type) change nothing, checked through the API and with
 *       SQL on the schema;</li>
 *   <li>UTF-8 text (accents, typographic signs, emoji) round-trips over HTTP through PostgreSQL;</li>
 *   <li>two decides started at once on one new case give exactly one 200 and one 409, for 20 cases.</li>
 * </ol>
 *
 * Every step is recorded by {@link SmokeRecorder} into the execution's {@code smoke.json}; the live gate
 * fails the build unless each step of {@link SmokeEvidence#REQUIRED_STEPS} is there and passed.
 */
@ExtendWith(LiveDatabaseExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("The cases smoke: the HTTP API over the live PostgreSQL")
class CasesGateIT {

    @RegisterExtension
    final SmokeRecorder SMOKE = new SmokeRecorder(); // one per execution (the class runs once per major, in one JVM)

    private static final String HOST = "127.0.0.1";
    private static final int RACES = 20;
    private static final String DECISION = "{\"chosen_supplier\":\"ACME\",\"decision_reason\":\"best price and delivery\","
            + "\"next_action\":\"send the purchase order\",\"decided_by\":\"Awa\"}";

    private LiveRun live;
    private String schema;
    private PostgresCaseRepository repository;
    private CasesHttpServer server;
    private CasesApiClient api;

    @BeforeAll
    void startApi(LiveRun live) throws Exception {
        this.live = live;
        this.schema = live.newSchemaName();
        long start = System.nanoTime();
        repository = PostgresCaseRepository.builder().dataSource(live.dataSource()).schema(schema).build();
        live.recordMigration(Duration.ofNanos(System.nanoTime() - start));
        startServer();
        ProvisionedPostgres db = live.database();
        SMOKE.start(live, "PostgreSQL " + db.serverVersion() + " (" + db.provider() + ") at " + db.url().masked()
                + ", schema " + schema);
        SMOKE.log("cases API listening on " + api.base() + " over PostgresCaseRepository, PostgreSQL "
                + db.serverVersion() + " (" + db.provider() + ") at " + db.url().masked() + ", schema " + schema
                + " (server_encoding " + text("show server_encoding") + ")");
    }

    @AfterAll
    void stopApi() {
        if (server != null) {
            server.close();
        }
        if (repository != null) {
            repository.close();
        }
        SMOKE.log("cases API stopped");
    }

    private void startServer() {
        server = CasesHttpServer.builder().repository(repository).host(HOST).port(0).build().start();
        api = new CasesApiClient(HOST, server.port());
        SMOKE.use(api);
    }

    // ---- 1. the go/no-go flow ----

    @Test
    @Order(1)
    @DisplayName("create → list (OPEN) → decide → list (DECIDED, from the database) → decide again (409) → get")
    void createListDecideList() throws Exception {
        Reply created = SMOKE.step("create", Request.post("/api/cases",
                "{\"case_type\":\"DAO\",\"title\":\"Office chairs for site 2\",\"lot\":\"Lot 1\"}"), 201, r -> {
                    assertThat(r.at("status").asText()).isEqualTo("OPEN");
                    assertThat(r.at("title").asText()).isEqualTo("Office chairs for site 2");
                    assertThat(r.at("decision").isNull()).isTrue();
                    UUID.fromString(r.at("id").asText());
                    return "status OPEN, no decision";
                });
        String id = created.at("id").asText();

        SMOKE.step("list-open", Request.get("/api/cases"), 200, r -> {
            JsonNode listed = listed(r, id);
            assertThat(listed.path("status").asText()).isEqualTo("OPEN");
            assertThat(r.at("cases").get(0).path("id").asText()).as("newest first").isEqualTo(id);
            assertThat(sqlStatus(id)).isEqualTo("OPEN");
            assertThat(decisionsOf(id)).isZero();
            return "the case is listed, newest first, OPEN; SQL: status OPEN, 0 decision rows";
        });

        SMOKE.step("decide", Request.post("/api/decide/" + id, DECISION), 200, r -> {
            assertThat(r.at("id").asText()).isEqualTo(id);
            assertThat(r.at("status").asText()).isEqualTo("DECIDED");
            assertThat(r.at("decision").path("chosen_supplier").asText()).isEqualTo("ACME");
            return "status DECIDED, decision ACME";
        });

        SMOKE.step("list-decided", Request.get("/api/cases"), 200, r -> {
            JsonNode listed = listed(r, id);
            assertThat(listed.path("status").asText()).isEqualTo("DECIDED");
            assertThat(listed.path("decision").path("chosen_supplier").asText()).isEqualTo("ACME");
            assertThat(listed.path("updated_at").asText()).isGreaterThan(listed.path("created_at").asText());
            assertThat(sqlStatus(id)).isEqualTo("DECIDED");
            assertThat(decisionsOf(id)).isEqualTo(1);
            return "status changed OPEN → DECIDED in the list; SQL: status DECIDED, 1 decision row";
        });

        SMOKE.step("decide-again", Request.post("/api/decide/" + id, DECISION.replace("ACME", "Globex")), 409, r -> {
            assertError(r, "already_decided");
            assertThat(decisionsOf(id)).isEqualTo(1);
            assertThat(sqlSupplier(id)).isEqualTo("ACME");
            return "already_decided; SQL: still 1 decision row, ACME";
        });

        SMOKE.step("get-decided", Request.get("/api/cases/" + id), 200, r -> {
            assertThat(r.at("status").asText()).isEqualTo("DECIDED");
            JsonNode decision = r.at("decision");
            assertThat(decision.path("chosen_supplier").asText()).isEqualTo("ACME");
            assertThat(decision.path("decision_reason").asText()).isEqualTo("best price and delivery");
            assertThat(decision.path("next_action").asText()).isEqualTo("send the purchase order");
            assertThat(decision.path("decided_by").asText()).isEqualTo("Awa");
            assertThat(decision.path("decided_at").asText()).isEqualTo(r.at("updated_at").asText());
            return "the decision is there (ACME, reason, next action, decided by Awa)";
        });

        // nothing in memory survives: a new repository (schema validated, not migrated) and a new server
        server.close();
        repository.close();
        repository = PostgresCaseRepository.builder().dataSource(live.dataSource()).schema(schema)
                .migration(MigrationMode.VALIDATE).build();
        startServer();
        SMOKE.log("restarted: a new PostgresCaseRepository (schema validated) and a new server on " + api.base());
        SMOKE.step("list-after-restart", Request.get("/api/cases?status=DECIDED"), 200, r -> {
            JsonNode listed = listed(r, id);
            assertThat(listed.path("status").asText()).isEqualTo("DECIDED");
            assertThat(listed.path("decision").path("chosen_supplier").asText()).isEqualTo("ACME");
            return "after a restart, filtered by status, the case is DECIDED with its decision";
        });
    }

    // ---- 2. refused requests change nothing ----

    @Test
    @Order(2)
    @DisplayName("refused requests (400, 404, 413, 415) change nothing, through the API and in the tables")
    void refusedRequestsChangeNothing() throws Exception {
        String target = SMOKE.step("create-target", Request.post("/api/cases",
                "{\"case_type\":\"RFQ\",\"title\":\"Printer toner\"}"), 201, r -> "an OPEN case the refused requests aim at")
                .at("id").asText();
        Snapshot before = snapshot(target);
        String decide = "/api/decide/" + target;

        SMOKE.step("malformed-json-create", Request.post("/api/cases", "{\"case_type\":\"DAO\",\"title\":"), 400,
                r -> "malformed_json; " + assertError(r, "malformed_json") + assertUnchanged(before));
        SMOKE.step("malformed-json-decide", Request.post(decide, "{\"chosen_supplier\":\"ACME\","), 400,
                r -> "malformed_json; " + assertError(r, "malformed_json") + assertUnchanged(before));
        SMOKE.step("invalid-field-create", Request.post("/api/cases", "{\"case_type\":\"DAO\",\"title\":\"   \"}"), 400,
                r -> assertInvalidField(r, "title") + assertUnchanged(before));
        SMOKE.step("invalid-field-decide", Request.post(decide,
                        "{\"chosen_supplier\":\"ACME\",\"decision_reason\":\"\",\"next_action\":\"order\"}"), 400,
                r -> assertInvalidField(r, "decision_reason") + assertUnchanged(before));
        String unknown = UUID.randomUUID().toString();
        SMOKE.step("unknown-case-get", Request.get("/api/cases/" + unknown), 404,
                r -> "case_not_found; " + assertError(r, "case_not_found") + assertUnchanged(before));
        SMOKE.step("unknown-case-decide", Request.post("/api/decide/" + unknown, DECISION), 404,
                r -> "case_not_found; " + assertError(r, "case_not_found") + assertUnchanged(before));
        SMOKE.step("malformed-id", Request.post("/api/decide/not-a-uuid", DECISION), 404,
                r -> "case_not_found; " + assertError(r, "case_not_found") + assertUnchanged(before));
        String oversized = "{\"chosen_supplier\":\"" + "x".repeat(CasesHttpServer.DEFAULT_MAX_BODY_BYTES)
                + "\",\"decision_reason\":\"r\",\"next_action\":\"n\"}";
        SMOKE.step("oversized-body", Request.post(decide, oversized), 413,
                r -> "payload_too_large (" + oversized.length() + " bytes); " + assertError(r, "payload_too_large")
                        + assertUnchanged(before));
        SMOKE.step("wrong-content-type", Request.post(decide, "text/plain", DECISION.getBytes(StandardCharsets.UTF_8)),
                415, r -> "unsupported_media_type; " + assertError(r, "unsupported_media_type") + assertUnchanged(before));
    }

    // ---- 3. UTF-8 ----

    @Test
    @Order(3)
    @DisplayName("UTF-8 text round-trips over HTTP through PostgreSQL")
    void utf8RoundTrip() throws Exception {
        String title = "Marché n°3 — lot é 🚀";
        String lot = "Lot ü 🧾";
        String supplier = "Société Générale d'Équipement 🏭";
        String reason = "prix « le plus bas » — délai 10 j\nligne 2 ✅";
        String decidedBy = "Zoë Ñúñez";
        Reply created = SMOKE.step("utf8-create", Request.post("/api/cases",
                "{\"case_type\":\"RFQ\",\"title\":\"" + title + "\",\"lot\":\"" + lot + "\"}"), 201, r -> {
                    assertThat(r.at("title").asText()).isEqualTo(title);
                    assertThat(r.at("lot").asText()).isEqualTo(lot);
                    return "title and lot echoed exactly";
                });
        String id = created.at("id").asText();
        SMOKE.step("utf8-decide", Request.post("/api/decide/" + id, "{\"chosen_supplier\":\"" + supplier
                + "\",\"decision_reason\":\"" + reason.replace("\n", "\\n") + "\",\"next_action\":\"commande n°42\","
                + "\"decided_by\":\"" + decidedBy + "\"}"), 200, r -> {
                    assertThat(r.at("decision").path("chosen_supplier").asText()).isEqualTo(supplier);
                    assertThat(r.at("decision").path("decision_reason").asText()).isEqualTo(reason);
                    return "decision echoed exactly";
                });
        SMOKE.step("utf8-get", Request.get("/api/cases/" + id), 200, r -> {
            assertThat(r.contentType().replace(" ", "").toLowerCase(java.util.Locale.ROOT))
                    .isEqualTo("application/json;charset=utf-8");
            assertThat(r.at("title").asText()).isEqualTo(title);
            assertThat(r.at("lot").asText()).isEqualTo(lot);
            assertThat(r.at("decision").path("chosen_supplier").asText()).isEqualTo(supplier);
            assertThat(r.at("decision").path("decision_reason").asText()).isEqualTo(reason);
            assertThat(r.at("decision").path("decided_by").asText()).isEqualTo(decidedBy);
            String sqlTitle = text("select title from " + schema + ".cases where id = ?::uuid", id);
            long sqlLength = count("select char_length(title) from " + schema + ".cases where id = ?::uuid", id);
            String sqlSupplier = sqlSupplier(id);
            assertThat(sqlTitle).isEqualTo(title);
            assertThat(sqlSupplier).isEqualTo(supplier);
            assertThat(sqlLength).isEqualTo(title.codePointCount(0, title.length()));
            return "read back exactly; SQL: title and supplier stored exactly, char_length(title) = " + sqlLength
                    + " code points, server_encoding " + text("show server_encoding");
        });
    }

    // ---- 4. concurrent decides ----

    @Test
    @Order(4)
    @DisplayName("two decides at once on one new case: exactly one 200 and one 409, every time (20 cases)")
    void concurrentDecides() throws Exception {
        Map<String, Integer> outcomes = new TreeMap<>();
        List<String> wrong = new ArrayList<>();
        String excerpt = "";
        long totalMs = 0;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            // two open connections, so both requests of a race can leave at once
            warmUp(pool);
            for (int race = 1; race <= RACES; race++) {
                Reply created = api.send(Request.post("/api/cases",
                        "{\"case_type\":\"DAO\",\"title\":\"Race " + race + "\"}"));
                assertThat(created.status()).as(created.raw()).isEqualTo(201);
                String id = created.at("id").asText();
                CyclicBarrier together = new CyclicBarrier(2);
                long start = System.nanoTime();
                List<Future<Reply>> both = new ArrayList<>();
                for (String supplier : List.of("Initech", "Umbrella")) {
                    Request decide = Request.post("/api/decide/" + id, DECISION.replace("ACME", supplier));
                    both.add(pool.submit(() -> {
                        together.await(10, TimeUnit.SECONDS);
                        return api.send(decide);
                    }));
                }
                Reply first = both.get(0).get(60, TimeUnit.SECONDS);
                Reply second = both.get(1).get(60, TimeUnit.SECONDS);
                long ms = Duration.ofNanos(System.nanoTime() - start).toMillis();
                totalMs += ms;
                String statuses = Math.min(first.status(), second.status()) + " + "
                        + Math.max(first.status(), second.status());
                outcomes.merge(statuses, 1, Integer::sum);
                Reply winner = first.status() == 200 ? first : second;
                Reply loser = winner == first ? second : first;
                String stored = sqlSupplier(id);
                long rows = decisionsOf(id);
                boolean ok = "200 + 409".equals(statuses) && rows == 1
                        && winner.at("decision").path("chosen_supplier").asText().equals(stored)
                        && "already_decided".equals(loser.at("error").asText());
                if (!ok) {
                    wrong.add("race " + race + ": " + statuses + ", " + rows + " decision row(s)");
                }
                if (race == 1) {
                    excerpt = "200: " + winner.raw() + " 409: " + loser.raw();
                }
                SMOKE.log(String.format("race %02d on case %s: %s in %d ms; SQL: %s, supplier %s%s", race, id,
                        statuses, ms, decisionRows(rows), stored, ok ? "" : " -> WRONG"));
            }
        } finally {
            pool.shutdownNow();
        }
        StringBuilder received = new StringBuilder();
        outcomes.forEach((statuses, times) -> received.append(received.length() == 0 ? "" : ", ")
                .append(statuses).append(" (x").append(times).append(')'));
        boolean ok = wrong.isEmpty() && outcomes.getOrDefault("200 + 409", 0) == RACES;
        SMOKE.record(new SmokeEvidence.Step("concurrent-decides", "POST",
                "/api/decide/{case_id} (2 at once, " + RACES + " new cases)", "200 + 409 (x" + RACES + ")",
                received.toString(), excerpt, totalMs, ok,
                ok ? RACES + " of " + RACES + " races: exactly one 200 and one 409 (already_decided); SQL: exactly one "
                        + "decision row per case, the winner's"
                        : String.join("; ", wrong)));
        assertThat(wrong).as("races that did not give exactly one 200 and one 409").isEmpty();
        assertThat(decisionsWhere("c.title like 'Race %'")).isEqualTo(RACES);
    }

    private void warmUp(ExecutorService pool) throws Exception {
        CyclicBarrier together = new CyclicBarrier(2);
        List<Future<Reply>> both = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            both.add(pool.submit(() -> {
                together.await(10, TimeUnit.SECONDS);
                return api.send(Request.get("/api/cases?limit=1"));
            }));
        }
        for (Future<Reply> f : both) {
            assertThat(f.get(60, TimeUnit.SECONDS).status()).isEqualTo(200);
        }
    }

    // ---- checks ----

    private static JsonNode listed(Reply r, String id) {
        assertThat(r.at("cases").isArray()).as("a list of cases").isTrue();
        for (JsonNode c : r.at("cases")) {
            if (id.equals(c.path("id").asText())) {
                return c;
            }
        }
        throw new AssertionError("case " + id + " is not in the list");
    }

    private static String assertError(Reply r, String code) {
        assertThat(r.contentType().replace(" ", "").toLowerCase(java.util.Locale.ROOT))
                .isEqualTo("application/json;charset=utf-8");
        assertThat(r.at("error").asText()).as(r.raw()).isEqualTo(code);
        assertThat(r.at("message").asText()).isNotBlank();
        assertThat(r.raw()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("<html");
        return "";
    }

    private static String assertInvalidField(Reply r, String field) {
        assertError(r, "invalid_field");
        assertThat(r.at("field").asText()).isEqualTo(field);
        assertThat(r.at("message").asText()).contains(field);
        return "invalid_field naming " + field + "; ";
    }

    /** The state the refused requests must leave as it is: the API's list and the tables. */
    private record Snapshot(String target, String list, int listed, long cases, long decisions, long open) {
    }

    private Snapshot snapshot(String target) throws Exception {
        Reply list = api.send(Request.get("/api/cases?limit=100"));
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.at("next_cursor").isNull()).as("every case on one page").isTrue();
        return new Snapshot(target, list.raw(), list.at("cases").size(), count("select count(*) from " + schema + ".cases"),
                count("select count(*) from " + schema + ".case_decisions"),
                count("select count(*) from " + schema + ".cases where status = 'OPEN'"));
    }

    private String assertUnchanged(Snapshot before) throws Exception {
        Snapshot after = snapshot(before.target());
        assertThat(after.list()).as("GET /api/cases after the refused request").isEqualTo(before.list());
        assertThat(after).as("SQL counts after the refused request").isEqualTo(before);
        Reply target = api.send(Request.get("/api/cases/" + before.target()));
        assertThat(target.at("status").asText()).isEqualTo("OPEN");
        assertThat(target.at("decision").isNull()).isTrue();
        assertThat(sqlStatus(before.target())).isEqualTo("OPEN");
        assertThat(decisionsOf(before.target())).isZero();
        return "unchanged: GET /api/cases identical (" + after.listed() + " cases), target OPEN; SQL: " + after.cases()
                + " cases, " + decisionRows(after.decisions()) + ", target OPEN with 0 decisions";
    }

    private static String decisionRows(long n) {
        return n + (n == 1 ? " decision row" : " decision rows");
    }

    // ---- SQL on the schema, beside the API ----

    private String sqlStatus(String id) throws SQLException {
        return text("select status from " + schema + ".cases where id = ?::uuid", id);
    }

    private String sqlSupplier(String id) throws SQLException {
        return text("select chosen_supplier from " + schema + ".case_decisions where case_id = ?::uuid", id);
    }

    private long decisionsOf(String id) throws SQLException {
        return count("select count(*) from " + schema + ".case_decisions where case_id = ?::uuid", id);
    }

    private long decisionsWhere(String condition) throws SQLException {
        return count("select count(*) from " + schema + ".case_decisions d join " + schema
                + ".cases c on c.id = d.case_id where " + condition);
    }

    private long count(String sql, String... args) throws SQLException {
        String value = text(sql, args);
        return value == null ? 0 : Long.parseLong(value);
    }

    /** The first column of the first row, or null; {@code sql} holds only the run's own schema name. */
    private String text(String sql, String... args) throws SQLException {
        try (Connection connection = live.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setString(i + 1, args[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
