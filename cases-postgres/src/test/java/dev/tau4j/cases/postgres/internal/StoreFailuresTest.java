package dev.tau4j.cases.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tau4j.cases.CaseOutcomeUnknownException;
import dev.tau4j.cases.CaseStoreException;
import dev.tau4j.cases.CaseStoreUnavailableException;
import dev.tau4j.cases.postgres.internal.StoreFailures.Phase;
import java.io.EOFException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("StoreFailures tells not applied, outcome unknown and permanent apart")
class StoreFailuresTest {

    private static Throwable sql(String state, String message) {
        return new DataAccessException("jOOQ: " + message, new SQLException(message, state));
    }

    private static Throwable ioLoss() {
        return new DataAccessException("jOOQ", new SQLException("An I/O error occurred while sending to the backend.",
                "08006", new SocketException("Connection reset")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"08006", "08003", "08000", "57P01", "57P02"})
    @DisplayName("a connection lost, or the session terminated by the server, during COMMIT is outcome unknown")
    void lostDuringCommit(String state) {
        CaseStoreException e = StoreFailures.translate("create a case", Phase.COMMIT, sql(state, "connection lost"));
        assertThat(e).isInstanceOf(CaseOutcomeUnknownException.class);
        assertThat(e.sqlState()).contains(state);
        assertThat(e.getMessage()).contains("may or may not have happened").contains("same idempotency key");
    }

    @Test
    @DisplayName("an I/O failure without SQLState during COMMIT is outcome unknown")
    void ioDuringCommit() {
        Throwable bare = new SQLException("broken pipe", (String) null, new EOFException());
        CaseStoreException e = StoreFailures.translate("decide a case", Phase.COMMIT, bare);
        assertThat(e).isInstanceOf(CaseOutcomeUnknownException.class);
        assertThat(e.sqlState()).isEmpty();
        assertThat(StoreFailures.translate("decide a case", Phase.COMMIT, ioLoss()))
                .isInstanceOf(CaseOutcomeUnknownException.class);
    }

    @ParameterizedTest
    @EnumSource(value = Phase.class, names = {"CONNECT", "READ", "WRITE"})
    @DisplayName("a connection lost or a session terminated before COMMIT was sent, or in a read, is not applied")
    void lostBeforeCommit(Phase phase) {
        assertThat(StoreFailures.translate("x", phase, sql("57P01", "terminating connection")))
                .isInstanceOf(CaseStoreUnavailableException.class);
        assertThat(StoreFailures.translate("x", phase, ioLoss())).isInstanceOf(CaseStoreUnavailableException.class);
        assertThat(StoreFailures.translate("x", phase, sql("08006", "lost")))
                .isInstanceOf(CaseStoreUnavailableException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"40001", "40P01", "55P03", "57014", "53300", "57P03", "08001"})
    @DisplayName("a refusal the server rolled back, or a connection never made, is not applied, even during COMMIT")
    void refused(String state) {
        for (Phase phase : Phase.values()) {
            CaseStoreException e = StoreFailures.translate("x", phase, sql(state, "refused"));
            assertThat(e).as(phase.name()).isInstanceOf(CaseStoreUnavailableException.class);
            assertThat(e.sqlState()).contains(state);
            assertThat(e.getMessage()).contains("nothing was applied");
        }
    }

    @Test
    @DisplayName("no pooled connection in time is not applied")
    void poolTimeout() {
        Throwable timeout = new SQLTransientConnectionException("tau4j-cases - Connection is not available");
        assertThat(StoreFailures.translate("x", Phase.CONNECT, timeout)).isInstanceOf(CaseStoreUnavailableException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"28P01", "28000", "3D000", "08004", "42P01", "23514"})
    @DisplayName("authentication, unknown database, a rejected connection (SSL, no password) and bad SQL are permanent, with the driver's reason")
    void permanent(String state) {
        // as HikariCP wraps a failed connection attempt: the driver's state, copied onto a transient type
        Throwable pooled = new SQLTransientConnectionException("pool: not available", state,
                new SQLException("FATAL: reason " + state + "\n  Detail: Failing row contains (secret)", state));
        for (Phase phase : Phase.values()) {
            CaseStoreException e = StoreFailures.translate("x", phase, pooled);
            assertThat(e.getClass()).as(phase.name()).isEqualTo(CaseStoreException.class);
            assertThat(e.getMessage()).contains("FATAL: reason " + state).doesNotContain("secret");
        }
        assertThat(StoreFailures.isTransient(pooled)).isFalse();
    }
}
