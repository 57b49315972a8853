package dev.tau4j.verify;

import dev.tau4j.testing.PostgresProvisioner;
import dev.tau4j.testing.ProviderAttempt;
import dev.tau4j.testing.ProvisioningException;
import dev.tau4j.testing.ProvisionedPostgres;
import dev.tau4j.testing.PostgresSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tau4j.postgres.PostgresUrl;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("No password reaches a log or a report")
class NoPasswordInEvidenceTest {

    private static final String PASSWORD = "pw-Zq8-never-shown";
    private static final String URL = "postgres://nobody:" + PASSWORD + "@127.0.0.1:1/none?sslmode=disable";

    @TempDir
    Path target;

    @Test
    @DisplayName("a URL with a password goes through provisioning, logging, the records and the report writer")
    void passwordNeverWritten() throws Exception {
        Map<String, String> environment = Map.of(PostgresSettings.URL_VARIABLE, URL);
        LiveRunGate.Layout layout = new LiveRunGate.Layout(target);
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        PrintStream originalOut = System.out;
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        String failure;
        System.setErr(capture);
        System.setOut(capture);
        try {
            // 1. provisioning against the unreachable URL: logged, recorded, thrown
            LiveSettings settings = new LiveSettings("pg15", layout.record("pg15").getParent(), new PostgresSettings(15,
                    PostgresSettings.EnvironmentUrl.from(environment), target.resolve("pg-binaries"),
                    Duration.ofSeconds(60), Duration.ofSeconds(1)));
            Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
                    () -> LiveRun.start(settings, PostgresProvisioner.standard(settings.postgres())));
            assertThat(thrown).isInstanceOf(ProvisioningException.class);
            failure = thrown.getMessage();

            // 2. a database known by a URL with a password, recorded as provisioned
            PostgresUrl url = PostgresUrl.parse(URL);
            ProvisionedPostgres database = new ProvisionedPostgres("environment-url", "database given by TAU4J_TEST_POSTGRES_URL",
                    true, url, "PostgreSQL 16.4", "16.4", 16, Duration.ofMillis(40),
                    List.of(new ProviderAttempt("environment-url", ProviderAttempt.Outcome.READY, "ready")), () -> { });
            database.close();
            ExecutionRecord.starting("pg18", 18).withDatabase(database).withTeardown(1, ExecutionRecord.DONE)
                    .write(layout.record("pg18"));
            assertThat(database.toString()).contains("***");

            // 3. the gate's report, with the password also in its environment
            int code = LiveRunGate.run(layout, target, List.of("pg15", "pg18"), environment);
            assertThat(code).isEqualTo(1);
        } finally {
            System.setErr(originalErr);
            System.setOut(originalOut);
        }

        String output = captured.toString(StandardCharsets.UTF_8);
        assertThat(output).contains("PostgreSQL provider environment-url: failed")
                .contains("postgres://nobody:***@127.0.0.1:1/none")
                .contains("[tau4j live] verdict: FAIL")
                .doesNotContain(PASSWORD);
        assertThat(failure).contains("***").doesNotContain(PASSWORD);
        ExecutionRecord failed = ExecutionRecord.read(layout.record("pg15"));
        assertThat(failed.status()).isEqualTo(ExecutionRecord.PROVIDER_FAILED);
        assertThat(failed.givenByUrl()).isTrue();
        assertThat(failed.urlMasked()).isEqualTo("postgres://nobody:***@127.0.0.1:1/none?sslmode=disable");
        assertThat(failed.attempts()).singleElement().extracting(ProviderAttempt::outcome)
                .isEqualTo(ProviderAttempt.Outcome.FAILED);

        List<Path> files;
        try (Stream<Path> walk = Files.walk(target)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).extracting(p -> target.relativize(p).toString().replace('\\', '/'))
                .contains("evidence/pg15/execution.json", "evidence/pg18/execution.json",
                        "evidence/live-run.json", "evidence/live-run.md");
        for (Path file : files) {
            assertThat(read(file)).as(file.toString()).doesNotContain(PASSWORD);
        }
        assertThat(read(target.resolve("evidence/live-run.json")))
                .contains("postgres://nobody:***@127.0.0.1:1/none?sslmode=disable");
    }

    @Test
    @DisplayName("the gate masks the raw value of an unparsable URL variable")
    void gateMasksRawValue() {
        String raw = "mysql://root:" + PASSWORD + "@db/x";
        assertThat(LiveRunGate.redactor(Map.of(PostgresSettings.TAU_DSN_VARIABLE, raw)).apply("saw " + raw + " here"))
                .isEqualTo("saw *** here");
        assertThat(LiveRunGate.redactor(Map.of(PostgresSettings.URL_VARIABLE, URL)).apply("text " + PASSWORD))
                .isEqualTo("text ***");
        assertThatThrownBy(() -> PostgresUrl.parse(raw)).hasMessageNotContaining(PASSWORD);
    }

    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }
}
