package dev.tau4j.postgres;

import dev.tau4j.postgres.internal.SqlStates;
import dev.tau4j.postgres.internal.FailureKind;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqlStatesTest {

    private static SQLException state(String state) {
        return new SQLException("boom", state);
    }

    @ParameterizedTest
    @ValueSource(strings = {"08000", "08001", "08003", "08006", "57P01", "57P02", "57P03", "53300",
            "40001", "40P01", "55P03", "57014"})
    @DisplayName("transient states")
    void transientStates(String s) {
        assertThat(SqlStates.isTransient(state(s))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"23505", "23503", "23514", "42P01", "42601", "22001"})
    @DisplayName("permanent states")
    void permanentStates(String s) {
        assertThat(SqlStates.isTransient(state(s))).isFalse();
    }

    @Test
    @DisplayName("SQLTransientException counts as transient whatever its state")
    void transientException() {
        assertThat(SqlStates.isTransient(new SQLTransientConnectionException("pool timeout"))).isTrue();
    }

    @Test
    @DisplayName("a pool timeout caused by a permanent failure (wrong password, no database) is not transient")
    void poolTimeoutWithPermanentCause() {
        SQLException auth = state("28P01");
        assertThat(SqlStates.isTransient(new SQLTransientConnectionException("pool timeout", "28P01", auth))).isFalse();
        assertThat(SqlStates.isTransient(new SQLTransientConnectionException("pool timeout", "3D000", state("3D000"))))
                .isFalse();
        assertThat(SqlStates.isTransient(new SQLTransientConnectionException("pool timeout", "08001", state("08001"))))
                .isTrue();
    }

    @Test
    @DisplayName("integrity violations are told apart")
    void integrity() {
        assertThat(SqlStates.isUniqueViolation(state("23505"))).isTrue();
        assertThat(SqlStates.isForeignKeyViolation(state("23503"))).isTrue();
        assertThat(SqlStates.isCheckViolation(state("23514"))).isTrue();
        assertThat(SqlStates.isUniqueViolation(state("23503"))).isFalse();
        assertThat(SqlStates.isCheckViolation(state("23505"))).isFalse();
    }

    @Test
    @DisplayName("the cause chain is walked, through wrappers and next exceptions")
    void causeChain() {
        RuntimeException wrapped = new RuntimeException("jooq", new IllegalStateException("mid", state("23505")));
        assertThat(SqlStates.sqlState(wrapped)).isEqualTo("23505");
        assertThat(SqlStates.isUniqueViolation(wrapped)).isTrue();

        SQLException batch = new SQLException("batch failed");
        batch.setNextException(state("40P01"));
        assertThat(SqlStates.isTransient(new RuntimeException(batch))).isTrue();
        assertThat(SqlStates.sqlState(batch)).isEqualTo("40P01");
    }

    @Test
    @DisplayName("no SQLException inside: no state, nothing classified; cycles terminate")
    void nothing() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertThat(SqlStates.sqlState(a)).isNull();
        assertThat(SqlStates.isTransient(a)).isFalse();
        assertThat(SqlStates.isUniqueViolation(null)).isFalse();
        assertThat(SqlStates.sqlState(null)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"08000", "08003", "08006", "57P01", "57P02"})
    @DisplayName("a lost connection is outcome-unknown for a write in flight, not applied otherwise")
    void lostConnection(String s) {
        assertThat(SqlStates.classify(state(s), true)).isEqualTo(FailureKind.OUTCOME_UNKNOWN);
        assertThat(SqlStates.classify(state(s), false)).isEqualTo(FailureKind.NOT_APPLIED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"08001", "57P03", "53300", "40001", "40P01", "55P03", "57014"})
    @DisplayName("refused or rolled back by the server: not applied, even for a write")
    void notApplied(String s) {
        assertThat(SqlStates.classify(state(s), true)).isEqualTo(FailureKind.NOT_APPLIED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"08004", "08P01", "28P01", "28000", "3D000", "23505", "42P01"})
    @DisplayName("rejected connection (SSL not offered, no password), bad login, unknown database: permanent")
    void permanent(String s) {
        assertThat(SqlStates.classify(state(s), true)).isEqualTo(FailureKind.PERMANENT);
        assertThat(SqlStates.classify(new SQLTransientConnectionException("pool timeout", s, state(s)), false))
                .isEqualTo(FailureKind.PERMANENT);
    }

    @Test
    @DisplayName("an I/O failure without a state counts as a lost connection; the reason is the innermost driver message")
    void ioWithoutState() {
        RuntimeException wrapped = new RuntimeException(new SocketTimeoutException("Read timed out"));
        assertThat(SqlStates.classify(wrapped, true)).isEqualTo(FailureKind.OUTCOME_UNKNOWN);
        assertThat(SqlStates.classify(wrapped, false)).isEqualTo(FailureKind.NOT_APPLIED);
        SQLException inner = new SQLException("password authentication failed for user \"tau\"", "28P01");
        assertThat(SqlStates.reason(new SQLTransientConnectionException("request timed out", "28P01", inner)))
                .isEqualTo("password authentication failed for user \"tau\"");
        assertThat(SqlStates.classify(new IllegalStateException("bug"), true)).isEqualTo(FailureKind.PERMANENT);
    }
}
