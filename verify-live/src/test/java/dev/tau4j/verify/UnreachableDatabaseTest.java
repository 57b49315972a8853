package dev.tau4j.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tau4j.testing.PostgresSettings;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verifier's main, in a JVM of its own, against a database that cannot be reached: it exits non-zero,
 * writes the evidence saying why, never tries another database, and shows the password nowhere.
 */
@DisplayName("The verifier against an unreachable database")
class UnreachableDatabaseTest {

    private static final String PASSWORD = "s3cret-unreachable-pw";

    @TempDir
    Path evidence;

    /** Runs the verifier's main in a JVM of its own, with this environment; its output goes to {@code captured}. */
    private int run(Map<String, String> environment, ByteArrayOutputStream captured, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-D" + PostgresSettings.URL_TIMEOUT_PROPERTY + "=1",
                LiveVerifier.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Stream.of(PostgresSettings.URL_VARIABLE, PostgresSettings.TAU_DSN_VARIABLE, "PGPASSWORD",
                "TAU4J_DATABASE_PASSWORD").forEach(builder.environment()::remove);
        builder.environment().putAll(environment);
        Process process = builder.start();
        try (InputStream out = process.getInputStream()) {
            out.transferTo(captured);
        }
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the verifier finished").isTrue();
        return process.exitValue();
    }

    @Test
    @DisplayName("given by --url with PGPASSWORD: exits 1, both executions a provider failure, no fallback, no password")
    void givenByFlag() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code = run(Map.of("PGPASSWORD", PASSWORD), captured, "--url",
                "postgres://nobody@127.0.0.1:1/none?sslmode=disable", "--evidence-dir", evidence.toString());

        assertThat(code).isEqualTo(1);
        String output = captured.toString(StandardCharsets.UTF_8);
        String json = Files.readString(evidence.resolve(LiveRunReport.JSON_FILE));
        String markdown = Files.readString(evidence.resolve(LiveRunReport.MARKDOWN_FILE));
        assertThat(json).contains("\"verdict\" : \"FAIL\"", "pg15: provider failure", "pg18: provider failure",
                "database given by --url", "postgres://nobody:***@127.0.0.1:1/none");
        assertThat(output).contains("verdict: FAIL, exit code 1").doesNotContain("PostgreSQL provider embedded: trying");
        for (String text : new String[] {output, json, markdown}) {
            assertThat(text).doesNotContain(PASSWORD);
        }
    }

    @Test
    @DisplayName("given in the environment with its password: the same, the password masked everywhere")
    void givenByEnvironment() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code = run(Map.of(PostgresSettings.URL_VARIABLE, "postgres://nobody:" + PASSWORD
                + "@127.0.0.1:1/none?sslmode=disable"), captured, "--majors", "18", "--evidence-dir", evidence.toString());

        assertThat(code).isEqualTo(1);
        String output = captured.toString(StandardCharsets.UTF_8);
        String json = Files.readString(evidence.resolve(LiveRunReport.JSON_FILE));
        assertThat(json).contains("pg18: provider failure", "postgres://nobody:***@127.0.0.1:1/none");
        for (String text : new String[] {output, json, Files.readString(evidence.resolve(LiveRunReport.MARKDOWN_FILE))}) {
            assertThat(text).doesNotContain(PASSWORD);
        }
    }

    @Test
    @DisplayName("refuses a password on the command line, with a usage error that does not repeat it")
    void passwordInTheUrl() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code = run(Map.of(), captured, "--url", "postgres://nobody:" + PASSWORD + "@127.0.0.1:1/none",
                "--evidence-dir", evidence.toString());

        assertThat(code).isEqualTo(2);
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("--url must not hold the password")
                .doesNotContain(PASSWORD);
        assertThat(evidence.resolve(LiveRunReport.JSON_FILE)).doesNotExist();
    }
}
