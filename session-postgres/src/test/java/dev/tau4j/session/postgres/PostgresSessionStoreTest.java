package dev.tau4j.session.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jooq.impl.DSL.field;

import dev.tau4j.postgres.MigrationMode;
import dev.tau4j.session.Append;
import dev.tau4j.session.EntryNotFoundException;
import dev.tau4j.session.InvalidInputException;
import dev.tau4j.session.InvalidSessionPathException;
import dev.tau4j.session.InvalidUsageException;
import dev.tau4j.session.Message;
import dev.tau4j.session.MessageTooLargeException;
import dev.tau4j.session.SessionEntry;
import dev.tau4j.session.SessionLimits;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.SessionStore;
import dev.tau4j.session.StaleHeadException;
import dev.tau4j.session.StoreFailureException;
import dev.tau4j.session.StoreOutcomeUnknownException;
import dev.tau4j.session.StoreUnavailableException;
import dev.tau4j.session.UsageDelta;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jooq.Record3;
import org.jooq.Result;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.tools.jdbc.MockResult;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The store's logic around the database, against scripted connections (no database needed). */
@DisplayName("PostgresSessionStore without a database")
class PostgresSessionStoreTest {

    private static final SessionPath PATH = SessionPath.of("tenants/acme/chat-7");
    private static final OffsetDateTime NOW = OffsetDateTime.of(2025, 1, 2, 3, 4, 5, 123_456_000, ZoneOffset.UTC);

    private static PostgresSessionStore store(DataSource dataSource) {
        return PostgresSessionStore.builder().dataSource(dataSource).migration(MigrationMode.NONE)
                .limits(new SessionLimits(2048)).build();
    }

    /** The append statement's answer: the counter after the reservation, the time, rows inserted. */
    private static ScriptedDataSource appendAnswers(long counter, int inserted) {
        return ScriptedDataSource.answering(ctx -> {
            Result<Record3<Long, OffsetDateTime, Integer>> result = DSL.using(SQLDialect.POSTGRES).newResult(
                    field("last_entry_id", Long.class), field("now", OffsetDateTime.class),
                    field("count", Integer.class));
            Record3<Long, OffsetDateTime, Integer> row = DSL.using(SQLDialect.POSTGRES).newRecord(
                    field("last_entry_id", Long.class), field("now", OffsetDateTime.class),
                    field("count", Integer.class));
            row.values(counter, NOW, inserted);
            result.add(row);
            return new MockResult[] {new MockResult(1, result)};
        });
    }

    @Nested
    @DisplayName("arguments are checked before the database is touched")
    class Arguments {

        private final ScriptedDataSource dataSource = ScriptedDataSource.untouchable();
        private final SessionStore store = store(dataSource);

        private void refused(Class<? extends InvalidInputException> type, Consumer<SessionStore> call) {
            assertThatThrownBy(() -> call.accept(store)).isInstanceOf(type);
            assertThat(dataSource.borrowed()).isZero();
        }

        @Test
        @DisplayName("null path")
        void nullPath() {
            refused(InvalidSessionPathException.class, s -> s.entries(null, 0, 10));
            refused(InvalidSessionPathException.class, s -> s.entry(null, 1));
            refused(InvalidSessionPathException.class, s -> s.head(null));
            refused(InvalidSessionPathException.class, s -> s.tips(null));
            refused(InvalidSessionPathException.class, s -> s.lineage(null, 1));
            refused(InvalidSessionPathException.class, s -> s.usage(null));
            refused(InvalidSessionPathException.class, s -> s.recordUsage(null, UsageDelta.of(1, 1, 2, "0")));
            refused(InvalidSessionPathException.class, s -> s.deleteSession(null));
        }

        @Test
        @DisplayName("bad ids, cursors and page limits")
        void badNumbers() {
            refused(InvalidInputException.class, s -> s.entry(PATH, 0));
            refused(InvalidInputException.class, s -> s.lineage(PATH, -1));
            refused(InvalidInputException.class, s -> s.entries(PATH, -1, 10));
            refused(InvalidInputException.class, s -> s.entries(PATH, 0, 0));
            refused(InvalidInputException.class, s -> s.entries(PATH, 0, SessionStore.MAX_ENTRY_PAGE + 1));
        }

        @Test
        @DisplayName("null append, null delta, null listing")
        void nulls() {
            refused(InvalidInputException.class, s -> s.append(null));
            refused(InvalidUsageException.class, s -> s.recordUsage(PATH, null));
            refused(InvalidInputException.class, s -> s.listSessions(null));
        }

        @Test
        @DisplayName("an oversized message is refused before any transaction")
        void oversized() {
            Append append = Append.to(PATH).message(Message.user("ok"))
                    .message(Message.user("x".repeat(4096))).build();
            refused(MessageTooLargeException.class, s -> s.append(append));
        }
    }

    @Nested
    @DisplayName("append")
    class Appending {

        @Test
        @DisplayName("a plain append is one auto-committed statement; ids follow the reserved counter")
        void plainAppend() {
            ScriptedDataSource dataSource = appendAnswers(7, 2);
            List<SessionEntry> entries = store(dataSource).append(Append.to(PATH).under(3)
                    .message(Message.user("hello")).message(Message.assistant("hi")).build());

            assertThat(entries).extracting(SessionEntry::id).containsExactly(6L, 7L);
            assertThat(entries).extracting(SessionEntry::parentId)
                    .containsExactly(OptionalLong.of(3), OptionalLong.of(6));
            assertThat(entries).extracting(SessionEntry::acceptedAt).containsOnly(NOW.toInstant());
            assertThat(entries.get(0).message()).isEqualTo(Message.user("hello"));
            assertThat(dataSource.statements).hasSize(1);
            assertThat(dataSource.statements.get(0)).contains("UPDATE", "EXISTS").doesNotContainIgnoringCase(" like ");
            assertThat(dataSource.events).doesNotContain("commit", "rollback");
            assertThat(dataSource.allReturned()).isTrue();
        }

        @Test
        @DisplayName("an optimistic append commits when the head matches")
        void optimisticCommit() {
            ScriptedDataSource dataSource = appendAnswers(5, 1);
            List<SessionEntry> entries = store(dataSource).append(Append.to(PATH).under(4).expectHead(4)
                    .message(Message.user("next")).build());
            assertThat(entries).extracting(SessionEntry::id).containsExactly(5L);
            assertThat(dataSource.events).containsExactly("autoCommit=false", "commit", "autoCommit=true");
            assertThat(dataSource.allReturned()).isTrue();
        }

        @Test
        @DisplayName("an optimistic append on a stale head rolls back and names both heads")
        void optimisticStale() {
            ScriptedDataSource dataSource = appendAnswers(9, 0);
            SessionStore store = store(dataSource);
            assertThatThrownBy(() -> store.append(Append.to(PATH).under(4).expectHead(4)
                    .message(Message.user("late")).build()))
                    .isInstanceOfSatisfying(StaleHeadException.class, e -> {
                        assertThat(e.expectedHead()).hasValue(4);
                        assertThat(e.actualHead()).hasValue(8);
                    });
            assertThat(dataSource.events).containsExactly("autoCommit=false", "rollback", "autoCommit=true");
            assertThat(dataSource.allReturned()).isTrue();
        }

        @Test
        @DisplayName("expecting an empty session fails when it has entries")
        void expectEmpty() {
            ScriptedDataSource dataSource = appendAnswers(3, 0);
            assertThatThrownBy(() -> store(dataSource).append(Append.to(PATH).expectEmpty()
                    .message(Message.user("first?")).build()))
                    .isInstanceOfSatisfying(StaleHeadException.class, e -> {
                        assertThat(e.expectedHead()).isEmpty();
                        assertThat(e.actualHead()).hasValue(2);
                    });
        }

        @ParameterizedTest(name = "SQLState {0}")
        @ValueSource(strings = {"23503", "23514"})
        @DisplayName("a foreign key or check violation means the parent does not exist")
        void unknownParent(String state) {
            ScriptedDataSource dataSource = ScriptedDataSource.failingWith(state);
            assertThatThrownBy(() -> store(dataSource).append(Append.to(PATH).under(42)
                    .message(Message.user("orphan")).build()))
                    .isInstanceOfSatisfying(EntryNotFoundException.class, e -> {
                        assertThat(e.entryId()).isEqualTo(42);
                        assertThat(e.path()).isEqualTo(PATH);
                    });
            assertThat(dataSource.allReturned()).isTrue();
        }

        @Test
        @DisplayName("a numeric overflow with usage is an invalid usage delta")
        void usageOverflow() {
            ScriptedDataSource dataSource = ScriptedDataSource.failingWith("22003");
            assertThatThrownBy(() -> store(dataSource).append(Append.to(PATH).message(Message.user("turn"))
                    .usage(UsageDelta.of(Long.MAX_VALUE, 0, 0, "0")).build()))
                    .isInstanceOf(InvalidUsageException.class);
        }

        @Test
        @DisplayName("a statement that wrote fewer entries than reserved is a store failure")
        void shortWrite() {
            ScriptedDataSource dataSource = appendAnswers(2, 1);
            assertThatThrownBy(() -> store(dataSource).append(Append.to(PATH)
                    .message(Message.user("a")).message(Message.user("b")).build()))
                    .isInstanceOf(StoreFailureException.class);
        }
    }

    @Nested
    @DisplayName("failures are typed")
    class Failures {

        @ParameterizedTest(name = "SQLState {0} is transient")
        @ValueSource(strings = {"08001", "08006", "57014", "40001", "40P01", "55P03", "57P01", "53300"})
        @DisplayName("transient states become StoreUnavailableException")
        void transientStates(String state) {
            ScriptedDataSource dataSource = ScriptedDataSource.failingWith(state);
            assertThatThrownBy(() -> store(dataSource).head(PATH))
                    .isInstanceOfSatisfying(StoreUnavailableException.class, e -> {
                        assertThat(e.isTransient()).isTrue();
                        assertThat(e.getMessage()).contains(state).contains(PATH.value());
                        assertThat(e.getCause()).isNotNull();
                    });
            assertThat(dataSource.allReturned()).isTrue();
        }

        @ParameterizedTest(name = "SQLState {0} is permanent")
        @ValueSource(strings = {"42P01", "XX000", "22P05", "42501", "23503", "23505", "28P01", "3D000", "08004"})
        @DisplayName("other states become StoreFailureException with the cause")
        void permanentStates(String state) {
            ScriptedDataSource dataSource = ScriptedDataSource.failingWith(state);
            assertThatThrownBy(() -> store(dataSource).entries(PATH, 0, 10))
                    .isInstanceOfSatisfying(StoreFailureException.class, e -> {
                        assertThat(e.isTransient()).isFalse();
                        assertThat(e.getCause()).isNotNull();
                    });
        }

        @Test
        @DisplayName("a connection lost during an auto-committed write is outcome-unknown, during a read not applied")
        void lostConnection() {
            assertThatThrownBy(() -> store(ScriptedDataSource.failingWith("08006"))
                    .append(Append.to(PATH).message(Message.user("turn")).build()))
                    .isInstanceOfSatisfying(StoreOutcomeUnknownException.class, e -> {
                        assertThat(e.isTransient()).isTrue();
                        assertThat(e.sqlState()).contains("08006");
                        assertThat(e.getMessage()).contains("retry with the same idempotency key")
                                .contains("scripted failure");
                    });
            assertThatThrownBy(() -> store(ScriptedDataSource.failingWith("08006"))
                    .recordUsage(PATH, UsageDelta.of(1, 1, 2, "0.1")))
                    .isInstanceOf(StoreOutcomeUnknownException.class);
            assertThatThrownBy(() -> store(ScriptedDataSource.failingWith("08006")).usage(PATH))
                    .isInstanceOfSatisfying(StoreUnavailableException.class,
                            e -> assertThat(e.sqlState()).contains("08006"));
        }

        @Test
        @DisplayName("a connection lost before an optimistic append's commit is not applied")
        void lostBeforeCommit() {
            ScriptedDataSource dataSource = ScriptedDataSource.failingWith("08006");
            assertThatThrownBy(() -> store(dataSource).append(Append.to(PATH).message(Message.user("turn"))
                    .expectHead(3).build()))
                    .isInstanceOf(StoreUnavailableException.class);
            assertThat(dataSource.events).containsExactly("autoCommit=false", "rollback", "autoCommit=true");
        }

        @Test
        @DisplayName("no connection at all is not applied, whatever the call")
        void noConnection() {
            ScriptedDataSource dataSource = ScriptedDataSource.unreachable(new SQLException("refused", "08001"));
            assertThatThrownBy(() -> store(dataSource).append(Append.to(PATH).message(Message.user("turn")).build()))
                    .isInstanceOfSatisfying(StoreUnavailableException.class,
                            e -> assertThat(e.getMessage()).contains("nothing was written"));
        }

        @Test
        @DisplayName("a foreign key violation without a parent is not mistaken for an unknown parent")
        void foreignKeyWithoutParent() {
            ScriptedDataSource dataSource = ScriptedDataSource.failingWith("23503");
            assertThatThrownBy(() -> store(dataSource).append(Append.to(PATH).message(Message.user("root")).build()))
                    .isInstanceOf(StoreFailureException.class);
        }

        @Test
        @DisplayName("no connection from the pool in time is transient")
        void poolTimeout() {
            ScriptedDataSource dataSource = ScriptedDataSource.unreachable(
                    new SQLTransientConnectionException("tau4j-sessions - Connection is not available"));
            assertThatThrownBy(() -> store(dataSource).recordUsage(PATH, UsageDelta.of(1, 1, 2, "0.01")))
                    .isInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(() -> store(dataSource).deleteSession(PATH))
                    .isInstanceOf(StoreUnavailableException.class);
        }

        @ParameterizedTest(name = "SQLState {0} behind a pool timeout is permanent")
        @ValueSource(strings = {"28P01", "28000", "3D000"})
        @DisplayName("a refused login or unknown database is permanent, even when the pool reports a timeout")
        void refusedLogin(String state) {
            SQLException login = new SQLException("password authentication failed", state);
            ScriptedDataSource dataSource = ScriptedDataSource.unreachable(
                    new SQLTransientConnectionException("tau4j-sessions - Connection is not available", state, login));
            assertThatThrownBy(() -> store(dataSource).usage(PATH))
                    .isInstanceOf(StoreFailureException.class)
                    .hasMessageContaining(state);
        }

        @Test
        @DisplayName("a refused connection is transient, for appends too")
        void connectionRefused() {
            ScriptedDataSource dataSource = ScriptedDataSource.unreachable(
                    new SQLException("Connection to localhost:5432 refused", "08001"));
            assertThatThrownBy(() -> store(dataSource).append(Append.to(PATH).under(1).expectHead(1)
                    .message(Message.user("x")).build()))
                    .isInstanceOf(StoreUnavailableException.class);
        }

        @Test
        @DisplayName("closing the store leaves the caller's data source alone")
        void closeKeepsCallersDataSource() {
            ScriptedDataSource dataSource = appendAnswers(1, 1);
            PostgresSessionStore store = store(dataSource);
            store.close();
            store.close();
            assertThat(store.append(Append.to(PATH).message(Message.user("still usable")).build())).hasSize(1);
        }
    }
}
