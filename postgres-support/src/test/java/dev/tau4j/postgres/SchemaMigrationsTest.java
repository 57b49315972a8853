package dev.tau4j.postgres;

import dev.tau4j.postgres.internal.SchemaMigrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.sql.Connection;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SchemaMigrationsTest {

    /** A data source that must never be used: the checks happen before any connection. */
    private static final DataSource UNUSABLE = new DataSource() {
        @Override public Connection getConnection() { throw new AssertionError("connected"); }
        @Override public Connection getConnection(String u, String p) { throw new AssertionError("connected"); }
        @Override public PrintWriter getLogWriter() { return null; }
        @Override public void setLogWriter(PrintWriter out) { }
        @Override public void setLoginTimeout(int seconds) { }
        @Override public int getLoginTimeout() { return 0; }
        @Override public Logger getParentLogger() { return null; }
        @Override public <T> T unwrap(Class<T> iface) { return null; }
        @Override public boolean isWrapperFor(Class<?> iface) { return false; }
    };

    @ParameterizedTest
    @ValueSource(strings = {"", "Tau4j", "1abc", "tau4j; drop schema public", "a-b", "\"tau\"",
            "a234567890123456789012345678901234567890123456789012345678901234"})
    @DisplayName("schema names that are not plain identifiers are refused before connecting")
    void invalidSchema(String schema) {
        assertThatThrownBy(() -> SchemaMigrations.run(UNUSABLE, schema, "history", "classpath:x", MigrationMode.MIGRATE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema");
    }

    @Test
    @DisplayName("history table names are checked too")
    void invalidHistoryTable() {
        assertThatThrownBy(() -> SchemaMigrations.run(UNUSABLE, "tau4j", "x;y", "classpath:x", MigrationMode.MIGRATE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("historyTable");
    }

    @Test
    @DisplayName("NONE touches nothing")
    void none() {
        assertThat(SchemaMigrations.run(UNUSABLE, "tau4j", "history", "classpath:x", MigrationMode.NONE)).isZero();
    }

    @Test
    @DisplayName("valid identifiers pass")
    void valid() {
        assertThat(SchemaMigrations.requireIdentifier("tau4j_cases_1", "schema")).isEqualTo("tau4j_cases_1");
        assertThat(SchemaMigrations.requireIdentifier("_x", "schema")).isEqualTo("_x");
    }
}
