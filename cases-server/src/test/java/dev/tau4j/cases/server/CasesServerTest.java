package dev.tau4j.cases.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tau4j.postgres.PostgresUrl;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runnable server, started in this JVM as {@code main} starts it; real HTTP, a real embedded PostgreSQL. */
class CasesServerTest {

    private static final String TOKEN = "operator-token-0123456789";
    private static final String CREATE = "{\"case_type\":\"DAO\",\"title\":\"Marché n°3 — lot é\"}";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);

    private String printed() {
        return output.toString(StandardCharsets.UTF_8);
    }

    private HttpResponse<String> send(CasesServer.Running running, String method, String path, String body,
                                      String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + running.port() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Nested
    @DisplayName("command line and environment")
    class CommandLine {

        @Test
        @DisplayName("every option has its TAU4J_ environment variable")
        void environmentNames() {
            assertThat(CasesServer.environmentVariable("--database-url")).isEqualTo("TAU4J_DATABASE_URL");
            assertThat(CasesServer.environmentVariable("--data-dir")).isEqualTo("TAU4J_DATA_DIR");
            assertThat(CasesServer.environmentVariable("--cors-origins")).isEqualTo("TAU4J_CORS_ORIGINS");
        }

        @Test
        @DisplayName("--version prints the build's version; --help lists every option and the environment")
        void versionAndHelp() {
            assertThat(CasesServer.start(new String[] {"--version"}, Map.of(), out)).isNull();
            assertThat(printed().strip()).isEqualTo("tau4j cases-server 0.1.0-SNAPSHOT");
            output.reset();
            assertThat(CasesServer.start(new String[] {"--help"}, Map.of(), out)).isNull();
            assertThat(printed()).contains("--host", "--port", "--database-url", "--database-password-file", "--schema",
                    "--data-dir", "--in-memory", "--api-token-file", "--cors-origins", "--version",
                    "TAU4J_DATABASE_PASSWORD", "TAU4J_API_TOKEN", "127.0.0.1");
        }

        @Test
        @DisplayName("configured by the environment alone: in memory, token, CORS; bound to 127.0.0.1 and saying so")
        void fromEnvironment() throws Exception {
            Map<String, String> env = Map.of("TAU4J_IN_MEMORY", "true", "TAU4J_PORT", "0", "TAU4J_API_TOKEN", TOKEN,
                    "TAU4J_CORS_ORIGINS", "https://a.example.com,https://b.example.com");
            try (CasesServer.Running running = CasesServer.start(new String[0], env, out)) {
                assertThat(printed()).contains("listening on http://127.0.0.1:" + running.port()
                        + " (this machine only; --host 0.0.0.0 to open it)")
                        .contains("in memory").contains("API token: required")
                        .contains("CORS origins: https://a.example.com,https://b.example.com")
                        .doesNotContain(TOKEN);
                assertThat(send(running, "GET", "/api/cases", null, null).statusCode()).isEqualTo(401);
                assertThat(send(running, "POST", "/api/cases", CREATE, TOKEN).statusCode()).isEqualTo(201);
                HttpResponse<String> preflight = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + running.port() + "/api/cases"))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .header("Origin", "https://b.example.com").header("Access-Control-Request-Method", "POST")
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).contains("https://b.example.com");
                assertThat(send(running, "GET", "/health/ready", null, null).statusCode()).isEqualTo(200);
            }
            // the access log: one JSON line per request on standard output
            long lines = printed().lines().filter(l -> l.startsWith("{\"time\"")).count();
            assertThat(lines).isEqualTo(4);
        }

        @Test
        @DisplayName("a flag wins over its environment variable; every interface without a token is warned about")
        void flagWins() throws Exception {
            try (CasesServer.Running running = CasesServer.start(new String[] {"--in-memory", "--port", "0"},
                    Map.of("TAU4J_PORT", "1", "TAU4J_HOST", "0.0.0.0"), out)) {
                assertThat(running.port()).isNotEqualTo(1);
                assertThat(printed()).contains("listening on all interfaces, port " + running.port())
                        .contains("warning: every interface and no API token");
            }
        }

        @Test
        @DisplayName("wrong input is a usage error that never echoes a secret")
        void usageErrors(@TempDir Path dir) throws Exception {
            Path passwordFile = Files.writeString(dir.resolve("pw"), "from-file\n");
            Map<String, String> password = Map.of("TAU4J_DATABASE_PASSWORD", "from-env");
            assertThatThrownBy(() -> CasesServer.start(new String[] {"--database-url", "postgres://u@h/db",
                    "--database-password-file", passwordFile.toString()}, password, out))
                    .isInstanceOf(CasesServer.UsageException.class).hasMessageContaining("not both");
            assertThatThrownBy(() -> CasesServer.start(new String[] {"postgres://u:hunter2@h/db"}, Map.of(), out))
                    .isInstanceOf(CasesServer.UsageException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
            assertThatThrownBy(() -> CasesServer.start(new String[] {"--database-url", "postgres://u:hunter2@h/db"},
                    password, out))
                    .isInstanceOf(CasesServer.UsageException.class).hasMessageContaining("give it once")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
            assertThatThrownBy(() -> CasesServer.start(new String[] {"--in-memory"}, password, out))
                    .isInstanceOf(CasesServer.UsageException.class).hasMessageContaining("without --database-url");
            assertThatThrownBy(() -> CasesServer.start(new String[] {"--in-memory", "--database-url", "postgres://u@h/db"},
                    Map.of(), out)).isInstanceOf(CasesServer.UsageException.class);
            assertThatThrownBy(() -> CasesServer.start(new String[] {"--in-memory", "--port", "70000"}, Map.of(), out))
                    .isInstanceOf(CasesServer.UsageException.class);
            assertThatThrownBy(() -> CasesServer.start(new String[] {"--schema", "Bad-Schema", "--data-dir",
                    dir.resolve("unused").toString()}, Map.of(), out))
                    .isInstanceOf(CasesServer.UsageException.class).hasMessageContaining("--schema");
            assertThat(dir.resolve("unused")).as("refused before the embedded database starts").doesNotExist();
            assertThatThrownBy(() -> CasesServer.start(new String[] {"--in-memory"}, Map.of("TAU4J_API_TOKEN", "short"), out))
                    .isInstanceOf(CasesServer.UsageException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("short"));
            Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
            assertThatThrownBy(() -> CasesServer.start(new String[] {"--in-memory", "--api-token-file", tokenFile.toString()},
                    Map.of("TAU4J_API_TOKEN", TOKEN), out)).isInstanceOf(CasesServer.UsageException.class);
            assertThatThrownBy(() -> CasesServer.start(new String[] {"--in-memory", "--api-token-file",
                    dir.resolve("missing").toString()}, Map.of(), out)).isInstanceOf(CasesServer.UsageException.class);
        }
    }

    @Nested
    @DisplayName("the default: an embedded PostgreSQL in a data directory")
    class Embedded {

        @Test
        @DisplayName("a case created before a stop is there after a start on the same data directory;"
                + " ready, metrics, token from a file")
        void durable(@TempDir Path dir) throws Exception {
            Path dataDir = dir.resolve("data");
            Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
            String[] args = {"--port", "0", "--data-dir", dataDir.toString(), "--api-token-file", tokenFile.toString()};
            String id;
            try (CasesServer.Running running = CasesServer.start(args, Map.of(), out)) {
                assertThat(printed()).contains("embedded PostgreSQL, data in " + dataDir.resolve("postgres"));
                HttpResponse<String> created = send(running, "POST", "/api/cases", CREATE, TOKEN);
                assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
                id = JSON.readTree(created.body()).path("id").asText();
                assertThat(send(running, "GET", "/health/ready", null, null).statusCode()).isEqualTo(200);
                HttpResponse<String> metrics = send(running, "GET", "/metrics", null, TOKEN);
                assertThat(metrics.body()).contains("http_server_requests_seconds_count{method=\"POST\",route=\"/api/cases\",status=\"201\"} 1")
                        .contains("jvm_memory_used_bytes")
                        .contains("tau4j_case_operations_seconds_count{backend=\"postgres\",operation=\"create\",outcome=\"success\"} 1")
                        .contains("hikaricp_connections_max{pool=\"tau4j-cases\"}");
            }
            assertThat(Files.exists(dataDir.resolve("postgres").resolve("PG_VERSION"))).isTrue();
            output.reset();
            try (CasesServer.Running again = CasesServer.start(args, Map.of(), out)) {
                HttpResponse<String> read = send(again, "GET", "/api/cases/" + id, null, TOKEN);
                assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
                JsonNode c = JSON.readTree(read.body());
                assertThat(c.path("title").asText()).isEqualTo("Marché n°3 — lot é");

                // readiness follows the schema: a migration missing from the history is 503 not_ready
                PostgresUrl url = again.database();
                try (Connection connection = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
                     Statement statement = connection.createStatement()) {
                    statement.execute("delete from tau4j.tau4j_cases_schema_history where version = '2'");
                }
                HttpResponse<String> notReady = send(again, "GET", "/health/ready", null, null);
                assertThat(notReady.statusCode()).isEqualTo(503);
                assertThat(JSON.readTree(notReady.body()).path("error").asText()).isEqualTo("not_ready");
                assertThat(send(again, "GET", "/health/live", null, null).statusCode()).isEqualTo(200);
            }
        }

        @Test
        @DisplayName("--database-url with --database-password-file reaches the database; a second server on a locked data directory is refused")
        void databaseUrlAndLock(@TempDir Path dir) throws Exception {
            Path dataDir = dir.resolve("data");
            try (CasesServer.Running embedded = CasesServer.start(new String[] {"--port", "0", "--data-dir",
                    dataDir.toString()}, Map.of(), out)) {
                assertThatThrownBy(() -> CasesServer.start(new String[] {"--port", "0", "--data-dir", dataDir.toString()},
                        Map.of(), out)).isInstanceOf(CasesServer.StartException.class);

                PostgresUrl url = embedded.database();
                Path passwordFile = Files.writeString(dir.resolve("pw"), "any-password\n");
                Map<String, String> env = new HashMap<>();
                env.put("TAU4J_DATABASE_URL", "postgres://postgres@localhost:" + url.port() + "/postgres");
                try (CasesServer.Running byUrl = CasesServer.start(new String[] {"--port", "0", "--schema", "by_url",
                        "--database-password-file", passwordFile.toString()}, env, out)) {
                    assertThat(byUrl.database().password()).isEqualTo("any-password");
                    assertThat(printed()).contains("PostgreSQL postgres://postgres:***@localhost:" + url.port())
                            .doesNotContain("any-password");
                    assertThat(send(byUrl, "POST", "/api/cases", CREATE, null).statusCode()).isEqualTo(201);
                    assertThat(send(byUrl, "GET", "/health/ready", null, null).statusCode()).isEqualTo(200);
                }
            }
        }
    }
}
