package dev.tau4j.session.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tau4j.session.Append;
import dev.tau4j.session.EntryNotFoundException;
import dev.tau4j.session.Message;
import dev.tau4j.session.SessionEntry;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.SessionStore;
import dev.tau4j.session.memory.InMemorySessionStore;
import dev.tau4j.testing.PostgresTest;
import dev.tau4j.testing.TestPostgres;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Lineages and lineage tails walked by chain segments on PostgreSQL equal the in-memory store's answers, on
 * a session whose lineages cross many segment boundaries: several roots, branches off branches, a branch
 * whose first entry continues the id run of another (same segment by id, different chain).
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("lineage and lineage tail on PostgreSQL")
class LineageOnPostgresTest {

    private static final SessionPath PATH = SessionPath.of("tenants/acme/forest");
    private static final int[] TAILS = {1, 2, 3, 5, 9, 10, 11, 19, 20, 21, 30, 31, 49, 50, 51, 70, 100, 1_000};

    private final PostgresSessionStore postgres;
    private final SessionStore memory = InMemorySessionStore.create();
    private long last;

    LineageOnPostgresTest(TestPostgres database) {
        postgres = PostgresSessionStore.builder().dataSource(database.dataSource()).schema(database.schema()).build();
    }

    @BeforeAll
    void writeForest() {
        chain(OptionalLong.empty(), 50);   // 1..50, the trunk
        chain(OptionalLong.of(20), 30);    // 51..80, a branch off the trunk
        chain(OptionalLong.of(50), 20);    // 81..100, the trunk goes on after the branch
        chain(OptionalLong.of(65), 10);    // 101..110, a branch off the branch
        chain(OptionalLong.empty(), 5);    // 111..115, a second root
        chain(OptionalLong.of(100), 1);    // 116
        chain(OptionalLong.of(116), 1);    // 117: the child of the entry before it, appended on its own
        chain(OptionalLong.of(3), 1);      // 118
        chain(OptionalLong.of(118), 1);    // 119
        chain(OptionalLong.of(110), 1);    // 120
        chain(OptionalLong.of(1), 2);      // 121..122, a branch off the first root
        assertThat(last).isEqualTo(122);
    }

    @AfterAll
    void close() {
        postgres.close();
    }

    private void chain(OptionalLong parent, int n) {
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            messages.add(Message.user("entry " + (last + i + 1)));
        }
        Append append = Append.to(PATH).under(parent).messages(messages).build();
        List<SessionEntry> written = postgres.append(append);
        List<SessionEntry> reference = memory.append(append);
        assertThat(ids(written)).isEqualTo(ids(reference));
        last = written.get(written.size() - 1).id();
    }

    @Test
    @DisplayName("every entry's lineage equals the in-memory store's")
    void lineages() {
        for (long head = 1; head <= last; head++) {
            assertThat(shape(postgres.lineage(PATH, head))).as("lineage of %d", head)
                    .isEqualTo(shape(memory.lineage(PATH, head)));
        }
    }

    @Test
    @DisplayName("every entry's tail of every length equals the in-memory store's, across segment boundaries")
    void tails() {
        int crossing = 0;
        for (long head = 1; head <= last; head++) {
            for (int n : TAILS) {
                List<Shape> expected = shape(memory.lineageTail(PATH, head, n));
                assertThat(shape(postgres.lineageTail(PATH, head, n))).as("last %d of the lineage of %d", n, head)
                        .isEqualTo(expected);
                List<SessionEntry> tail = memory.lineageTail(PATH, head, n);
                if (tail.get(0).id() < tail.get(tail.size() - 1).id() - tail.size() + 1) {
                    crossing++;
                }
            }
        }
        assertThat(crossing).as("tails that span more than one run of ids").isGreaterThan(500);
    }

    @Test
    @DisplayName("a tail of an entry the session does not hold is refused like the lineage")
    void unknownHead() {
        assertThatThrownBy(() -> postgres.lineageTail(PATH, last + 1, 5)).isInstanceOf(EntryNotFoundException.class);
        assertThatThrownBy(() -> postgres.lineage(PATH, last + 1)).isInstanceOf(EntryNotFoundException.class);
        assertThatThrownBy(() -> postgres.lineageTail(SessionPath.of("tenants/acme/none"), 1, 5))
                .isInstanceOf(EntryNotFoundException.class);
    }

    @Test
    @DisplayName("tips equal the in-memory store's")
    void tips() {
        assertThat(shape(postgres.tips(PATH))).isEqualTo(shape(memory.tips(PATH)));
    }

    /** Id, parent and message of each entry (the time of acceptance differs between the stores). */
    private static List<Shape> shape(List<SessionEntry> entries) {
        return entries.stream().map(e -> new Shape(e.id(), e.parentId(), e.message())).toList();
    }

    private record Shape(long id, OptionalLong parentId, Message message) {
    }

    private static List<Long> ids(List<SessionEntry> entries) {
        return entries.stream().map(SessionEntry::id).toList();
    }
}
