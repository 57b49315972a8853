package dev.tau4j.session.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tau4j.session.Append;
import dev.tau4j.session.InvalidSessionPathException;
import dev.tau4j.session.InvalidUsageException;
import dev.tau4j.session.Message;
import dev.tau4j.session.SessionEntry;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.StaleHeadException;
import dev.tau4j.session.UsageDelta;
import dev.tau4j.testing.PostgresTest;
import dev.tau4j.testing.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The rules migration V6 took off the session row's CHECK constraints (a path of 1..512 bytes, a counter and
 * usage totals never negative) and the ones entries keep (ids from 1, a parent before its child) hold in the
 * tables after writes that try to break them: each bad value is refused by the library before a statement
 * runs, and whatever the store writes keeps every rule. Checked with SQL on the tables themselves.
 */
@PostgresTest
@DisplayName("the session row's value rules hold in the tables, without their CHECK constraints")
class ValueRulesOnPostgresTest {

    private final TestPostgres postgres;
    private final PostgresSessionStore store;

    ValueRulesOnPostgresTest(TestPostgres postgres) {
        this.postgres = postgres;
        this.store = PostgresSessionStore.builder().dataSource(postgres.dataSource()).schema(postgres.schema()).build();
    }

    @AfterEach
    void tablesKeepEveryRule() throws SQLException {
        try {
            assertThat(count("SELECT count(*) FROM {schema}.sessions WHERE octet_length(path) NOT BETWEEN 1 AND 512"))
                    .as("paths outside 1..512 bytes").isZero();
            assertThat(count("SELECT count(*) FROM {schema}.sessions WHERE last_entry_id < 0 OR input_tokens < 0"
                    + " OR output_tokens < 0 OR total_tokens < 0 OR estimated_cost_usd < 0"))
                    .as("negative counters or totals").isZero();
            assertThat(count("SELECT count(*) FROM {schema}.entries WHERE entry_id < 1 OR parent_id >= entry_id"))
                    .as("ids below 1 or parents not before their child").isZero();
            assertThat(count("SELECT count(*) FROM {schema}.sessions")).as("the writes reached the tables").isPositive();
        } finally {
            store.close();
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection c = postgres.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql.replace("{schema}", postgres.schema()))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    @DisplayName("paths: the longest and the shortest are stored, a longer or empty one never reaches the table")
    void paths() {
        String longest = "é".repeat(SessionPath.MAX_BYTES / 2);
        store.append(Append.to(SessionPath.of(longest)).message(Message.user("at the limit")).build());
        store.append(Append.to(SessionPath.of("a")).message(Message.user("one byte")).build());
        assertThatThrownBy(() -> SessionPath.of(longest + "a")).isInstanceOf(InvalidSessionPathException.class);
        assertThatThrownBy(() -> SessionPath.of("")).isInstanceOf(InvalidSessionPathException.class);
    }

    @Test
    @DisplayName("usage: totals only grow; a negative delta is refused, an overflow is refused by the column type")
    void usage() {
        SessionPath path = SessionPath.of("rules/usage");
        store.append(Append.to(path).message(Message.user("hi")).usage(UsageDelta.of(10, 5, 15, "0.25")).build());
        store.recordUsage(path, UsageDelta.of(Long.MAX_VALUE - 10, 0, 0, "0"));
        assertThatThrownBy(() -> store.recordUsage(path, UsageDelta.of(1, 0, 0, "0")))
                .isInstanceOf(InvalidUsageException.class);
        assertThatThrownBy(() -> UsageDelta.of(-1, 0, 0, "0")).isInstanceOf(InvalidUsageException.class);
        assertThatThrownBy(() -> UsageDelta.of(0, 0, 0, "-0.01")).isInstanceOf(InvalidUsageException.class);
        assertThat(store.usage(path).inputTokens()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    @DisplayName("ids and parents: branches, batches and refused appends leave ids from 1 and every parent first")
    void idsAndParents() {
        SessionPath path = SessionPath.of("rules/forest");
        List<SessionEntry> chain = store.append(Append.to(path).message(Message.user("1")).message(Message.user("2"))
                .message(Message.user("3")).build());
        store.append(Append.to(path).under(chain.get(0).id()).message(Message.user("branch")).build());
        store.append(Append.to(path).message(Message.user("a second root")).build());
        assertThatThrownBy(() -> store.append(Append.to(path).under(99).message(Message.user("no parent")).build()))
                .isInstanceOf(dev.tau4j.session.EntryNotFoundException.class);
        assertThatThrownBy(() -> store.append(Append.to(path).under(2).expectHead(2).message(Message.user("stale"))
                .build())).isInstanceOf(StaleHeadException.class);
        assertThat(store.head(path)).map(SessionEntry::id).hasValue(5L);
    }
}
