package dev.tau4j.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tau4j.postgres.MigrationMode;
import dev.tau4j.session.Append;
import dev.tau4j.session.EntryNotFoundException;
import dev.tau4j.session.Message;
import dev.tau4j.session.SessionEntry;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.StaleHeadException;
import dev.tau4j.session.postgres.PostgresSessionStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The rules the foreign keys of entries kept until migration V5, kept now by the store's statements, proven
 * on the live database by reading the tables themselves: an append under a parent its session does not hold
 * writes nothing (not even its id reservation), whatever session holds that id; entries never outlive their
 * session, also when a deletion races appends in flight; every parent exists in its entry's session; ids are
 * contiguous (which {@code tips} relies on).
 */
@ExtendWith(LiveDatabaseExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("PostgreSQL keeps parent and session rules without per-row foreign keys")
class PostgresSessionRulesIT {

    private LiveRun live;
    private String schema;
    private PostgresSessionStore store;

    @BeforeAll
    void open(LiveRun live) {
        this.live = live;
        this.schema = live.newSchemaName();
        store = PostgresSessionStore.builder().dataSource(live.dataSource()).schema(schema)
                .migration(MigrationMode.MIGRATE).build();
    }

    @AfterAll
    void close() {
        if (store != null) {
            store.close();
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection c = live.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql.replace("{schema}", schema))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Entries whose session row is gone, parents missing from their entry's session, gaps in ids, values out of range. */
    private void tablesHoldTheRules() throws SQLException {
        assertThat(count("SELECT count(*) FROM {schema}.entries e WHERE NOT EXISTS"
                + " (SELECT 1 FROM {schema}.sessions s WHERE s.id = e.session_id)")).as("orphan entries").isZero();
        assertThat(count("SELECT count(*) FROM {schema}.write_keys k WHERE NOT EXISTS"
                + " (SELECT 1 FROM {schema}.sessions s WHERE s.id = k.session_id)")).as("orphan keys").isZero();
        assertThat(count("SELECT count(*) FROM {schema}.entries e WHERE e.parent_id IS NOT NULL AND NOT EXISTS"
                + " (SELECT 1 FROM {schema}.entries p WHERE p.session_id = e.session_id AND p.entry_id = e.parent_id)"))
                .as("parents missing from their entry's session").isZero();
        assertThat(count("SELECT count(*) FROM {schema}.sessions s WHERE s.last_entry_id <>"
                + " (SELECT count(*) FROM {schema}.entries e WHERE e.session_id = s.id)"))
                .as("sessions whose ids are not exactly 1..last_entry_id").isZero();
        // The value rules V6 took off the session row's CHECK constraints, and the ones entries keep.
        assertThat(count("SELECT count(*) FROM {schema}.sessions WHERE octet_length(path) NOT BETWEEN 1 AND 512"
                + " OR last_entry_id < 0 OR input_tokens < 0 OR output_tokens < 0 OR total_tokens < 0"
                + " OR estimated_cost_usd < 0")).as("sessions with a value out of its range").isZero();
        assertThat(count("SELECT count(*) FROM {schema}.entries WHERE entry_id < 1 OR parent_id >= entry_id"))
                .as("ids below 1 or parents not before their child").isZero();
    }

    @Test
    @DisplayName("a parent held only by another session, or by a deleted one, is unknown and nothing is written")
    void parentOfAnotherSession() throws SQLException {
        SessionPath a = SessionPath.of("rules/a");
        SessionPath b = SessionPath.of("rules/b");
        store.append(Append.to(a).message(Message.user("1")).message(Message.user("2")).message(Message.user("3")).build());
        store.append(Append.to(b).message(Message.user("only one")).build());

        assertThatThrownBy(() -> store.append(Append.to(b).under(3).message(Message.user("foreign")).build()))
                .isInstanceOfSatisfying(EntryNotFoundException.class, e -> assertThat(e.entryId()).isEqualTo(3));
        assertThatThrownBy(() -> store.append(Append.to(b).under(3).expectHead(1).message(Message.user("x")).build()))
                .isInstanceOf(EntryNotFoundException.class);
        assertThatThrownBy(() -> store.append(Append.to(SessionPath.of("rules/none")).under(1)
                .message(Message.user("no session")).build()))
                .isInstanceOf(EntryNotFoundException.class);
        assertThat(store.head(b)).map(SessionEntry::id).hasValue(1L);
        assertThat(store.listSessions(dev.tau4j.session.SessionListing.under(SessionPath.of("rules")).limit(10)))
                .extracting(s -> s.path().value()).containsExactly("rules/a", "rules/b");
        assertThat(store.append(Append.to(b).message(Message.user("next")).build()))
                .as("the refused appends reserved no id").extracting(SessionEntry::id).containsExactly(2L);

        store.deleteSession(a);
        store.append(Append.to(a).message(Message.user("again")).build());
        assertThatThrownBy(() -> store.append(Append.to(a).under(3).message(Message.user("stale")).build()))
                .isInstanceOf(EntryNotFoundException.class);
        assertThatThrownBy(() -> store.append(Append.to(a).under(2).expectHead(2).message(Message.user("late")).build()))
                .isInstanceOf(EntryNotFoundException.class);
        assertThatThrownBy(() -> store.append(Append.to(a).under(1).expectHead(5).message(Message.user("late")).build()))
                .isInstanceOf(StaleHeadException.class);
        tablesHoldTheRules();
    }

    @Test
    @DisplayName("deleting sessions while appends are in flight leaves no entry behind")
    void deletionRacesAppends() throws Exception {
        int writers = 6;
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger appended = new AtomicInteger();
        AtomicInteger deleted = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                SessionPath path = SessionPath.of("race/" + (w % 3));
                work.add(pool.submit(() -> {
                    OptionalLong parent = OptionalLong.empty();
                    while (!stop.get()) {
                        Append.Builder append = Append.to(path).message(Message.user("turn")).message(Message.assistant("ok"));
                        parent.ifPresent(append::under);
                        try {
                            List<SessionEntry> written = store.append(append.build());
                            parent = OptionalLong.of(written.get(1).id());
                            appended.incrementAndGet();
                        } catch (EntryNotFoundException e) {
                            parent = OptionalLong.empty(); // the session was deleted under us: start a new root
                        }
                    }
                    return null;
                }));
            }
            work.add(pool.submit(() -> {
                while (!stop.get()) {
                    for (int s = 0; s < 3; s++) {
                        if (store.deleteSession(SessionPath.of("race/" + s))) {
                            deleted.incrementAndGet();
                        }
                    }
                    Thread.sleep(5);
                }
                return null;
            }));
            Thread.sleep(4_000);
            stop.set(true);
            for (Future<?> f : work) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            stop.set(true);
            pool.shutdownNow();
        }
        assertThat(appended.get()).as("appends").isPositive();
        assertThat(deleted.get()).as("deletions of a live session").isPositive();
        tablesHoldTheRules();
    }
}
