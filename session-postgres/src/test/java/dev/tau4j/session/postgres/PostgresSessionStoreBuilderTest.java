package dev.tau4j.session.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tau4j.postgres.MigrationMode;
import dev.tau4j.session.SessionLimits;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("PostgresSessionStore.Builder")
class PostgresSessionStoreBuilderTest {

    @Test
    @DisplayName("needs a data source or a URL")
    void needsAConnectionSource() {
        assertThatThrownBy(() -> PostgresSessionStore.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("dataSource(...) or a url(...)");
    }

    @Test
    @DisplayName("refuses both a data source and a URL")
    void refusesBoth() {
        PostgresSessionStore.Builder builder = PostgresSessionStore.builder()
                .dataSource(ScriptedDataSource.untouchable())
                .url("postgres://app:secret@localhost:5432/agents");
        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not both");
    }

    @Test
    @DisplayName("defaults: schema tau4j, default limits, migrations applied")
    void defaults() {
        ScriptedDataSource dataSource = ScriptedDataSource.untouchable();
        try (PostgresSessionStore store = PostgresSessionStore.builder()
                .dataSource(dataSource)
                .migration(MigrationMode.NONE)
                .build()) {
            assertThat(store.schema()).isEqualTo("tau4j");
            assertThat(store.limits()).isEqualTo(SessionLimits.DEFAULTS);
            assertThat(store.toString()).contains("schema tau4j");
        }
        assertThat(dataSource.borrowed()).as("MigrationMode.NONE and building touch nothing").isZero();
        assertThat(PostgresSessionStore.HISTORY_TABLE).isEqualTo("tau4j_session_schema_history");
    }

    @Test
    @DisplayName("keeps the configured schema and limits")
    void keepsConfiguration() {
        SessionLimits limits = new SessionLimits(64 * 1024);
        try (PostgresSessionStore store = PostgresSessionStore.builder()
                .dataSource(ScriptedDataSource.untouchable())
                .schema("agents_2")
                .limits(limits)
                .migration(MigrationMode.NONE)
                .build()) {
            assertThat(store.schema()).isEqualTo("agents_2");
            assertThat(store.limits()).isSameAs(limits);
        }
    }

    @ParameterizedTest(name = "schema \"{0}\" is refused")
    @NullAndEmptySource
    @ValueSource(strings = {"Tau4j", "1sessions", "tau-4j", "tau4j.sessions", "tau4j; drop schema public",
            "\"tau4j\"", "tau 4j", "tåu", "a234567890123456789012345678901234567890123456789012345678901234"})
    @DisplayName("schema names are lower-case identifiers")
    void refusesBadSchemaNames(String schema) {
        assertThatThrownBy(() -> PostgresSessionStore.builder().schema(schema))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema");
    }

    @ParameterizedTest(name = "schema \"{0}\" is accepted")
    @ValueSource(strings = {"tau4j", "_private", "s", "a23456789012345678901234567890123456789012345678901234567890123"})
    @DisplayName("valid schema names are accepted")
    void acceptsSchemaNames(String schema) {
        try (PostgresSessionStore store = PostgresSessionStore.builder()
                .dataSource(ScriptedDataSource.untouchable())
                .schema(schema)
                .migration(MigrationMode.NONE)
                .build()) {
            assertThat(store.schema()).isEqualTo(schema);
        }
    }

    @Test
    @DisplayName("an invalid URL is refused without echoing it")
    void refusesBadUrl() {
        assertThatThrownBy(() -> PostgresSessionStore.builder().url("mysql://root:hunter2@db/x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("hunter2");
    }

    @Test
    @DisplayName("pool size is 1..1000")
    void poolSize() {
        assertThatThrownBy(() -> PostgresSessionStore.builder().poolSize(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PostgresSessionStore.builder().poolSize(1001))
                .isInstanceOf(IllegalArgumentException.class);
        PostgresSessionStore.builder().poolSize(1).poolSize(1000);
    }

    @Test
    @DisplayName("null settings are refused")
    void nulls() {
        PostgresSessionStore.Builder builder = PostgresSessionStore.builder();
        assertThatThrownBy(() -> builder.dataSource(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> builder.url((dev.tau4j.postgres.PostgresUrl) null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> builder.url((String) null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.migration(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> builder.limits(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    @DisplayName("a failing migration surfaces as a typed store exception")
    void migrationFailure() {
        ScriptedDataSource down = ScriptedDataSource.unreachable(
                new java.sql.SQLException("connection refused", "08001"));
        assertThatThrownBy(() -> PostgresSessionStore.builder().dataSource(down).build())
                .isInstanceOf(dev.tau4j.session.StoreUnavailableException.class)
                .hasMessageContaining("schema tau4j");
    }
}
