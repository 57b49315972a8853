package dev.tau4j.verify;

import dev.tau4j.testing.PostgresSettings;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Live settings")
class LiveSettingsTest {

    @Test
    @DisplayName("take TAU4J_TEST_POSTGRES_URL before Tau's TAU_TEST_POSTGRES_DSN")
    void urlPrecedence() {
        LiveSettings settings = LiveSettings.resolve(Map.of(
                PostgresSettings.URL_VARIABLE, "jdbc:postgresql://db1:5433/a?user=u&password=p&sslmode=require",
                PostgresSettings.TAU_DSN_VARIABLE, "postgres://v:q@db2/b"), Map.of());
        PostgresSettings.EnvironmentUrl url = settings.postgres().environmentUrl().orElseThrow();
        assertThat(url.variable()).isEqualTo(PostgresSettings.URL_VARIABLE);
        assertThat(url.url().orElseThrow().host()).isEqualTo("db1");
        assertThat(url.url().orElseThrow().parameters()).containsEntry("sslmode", "require");
        assertThat(url.describe()).isEqualTo("TAU4J_TEST_POSTGRES_URL (postgres://u:***@db1:5433/a?sslmode=require)");
    }

    @Test
    @DisplayName("accept Tau's libpq DSN alone")
    void tauDsn() {
        LiveSettings settings = LiveSettings.resolve(Map.of(PostgresSettings.TAU_DSN_VARIABLE,
                "postgres://tau:pw@localhost:5432/tau?sslmode=disable"), Map.of());
        assertThat(settings.postgres().environmentUrl().orElseThrow().url().orElseThrow().user()).isEqualTo("tau");
    }

    @Test
    @DisplayName("ignore blank variables, and default to the newest major")
    void defaults() {
        LiveSettings settings = LiveSettings.resolve(Map.of(PostgresSettings.URL_VARIABLE, "  "), Map.of());
        assertThat(settings.postgres().environmentUrl()).isEmpty();
        assertThat(settings.major()).isEqualTo(PostgresSettings.DEFAULT_MAJOR);
        assertThat(settings.executionId()).isEqualTo("pg18");
        assertThat(settings.evidenceDirectory()).isEqualTo(Path.of("target/evidence/pg18"));
    }

    @Test
    @DisplayName("read the major, execution and directories from system properties")
    void properties() {
        LiveSettings settings = LiveSettings.resolve(Map.of(), Map.of(PostgresSettings.MAJOR_PROPERTY, "15",
                LiveSettings.EVIDENCE_PROPERTY, "/tmp/e", PostgresSettings.BINARIES_PROPERTY, "/tmp/b",
                PostgresSettings.URL_TIMEOUT_PROPERTY, "3"));
        assertThat(settings.major()).isEqualTo(15);
        assertThat(settings.executionId()).isEqualTo("pg15");
        assertThat(settings.evidenceDirectory()).isEqualTo(Path.of("/tmp/e"));
        assertThat(settings.postgres().binariesDirectory()).isEqualTo(Path.of("/tmp/b"));
        assertThat(settings.postgres().givenUrlTimeout().toSeconds()).isEqualTo(3);
    }

    @Test
    @DisplayName("keep an unparsable URL as a problem that does not quote it")
    void unparsable() {
        LiveSettings settings = LiveSettings.resolve(Map.of(PostgresSettings.URL_VARIABLE, "http://u:hunter2x@x/y"),
                Map.of());
        PostgresSettings.EnvironmentUrl url = settings.postgres().environmentUrl().orElseThrow();
        assertThat(url.url()).isEmpty();
        assertThat(url.problem().orElseThrow()).doesNotContain("hunter2x");
        assertThat(settings.toString()).doesNotContain("hunter2x");
    }
}
