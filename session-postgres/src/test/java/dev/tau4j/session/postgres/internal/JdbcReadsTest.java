package dev.tau4j.session.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tau4j.session.postgres.PostgresSessionStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jooq.tools.jdbc.MockConnection;
import org.jooq.tools.jdbc.MockResult;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The reads as sent: text built once, schema-qualified, every value a placeholder. */
@DisplayName("JdbcReads")
class JdbcReadsTest {

    private static final String PATH = "tenants/x'; drop table sessions; --/%_\\";

    private final JdbcReads reads = new JdbcReads("agents");
    private final List<String> sent = new ArrayList<>();
    private final List<List<Object>> bound = new ArrayList<>();

    @FunctionalInterface
    private interface Read {
        void run(Connection connection) throws SQLException;
    }

    /** Runs {@code read} on a connection that records what was sent and answers no rows. */
    private void send(Read read) {
        try (Connection connection = new MockConnection(ctx -> {
            sent.add(ctx.sql());
            bound.add(Arrays.asList(ctx.bindings()));
            return new MockResult[] {new MockResult(0, null)};
        })) {
            read.run(connection);
        } catch (RuntimeException | SQLException ignored) {
            // the mock answers no result set; only what was sent matters
        }
    }

    private void sendEveryRead() {
        send(c -> reads.entries(c, PATH, 10, 100));
        send(c -> reads.entry(c, PATH, 7));
        send(c -> reads.entryRange(c, PATH, 7, 3));
        send(c -> reads.head(c, PATH));
        send(c -> reads.tips(c, PATH));
        send(c -> reads.lineage(c, PATH, 42));
        send(c -> reads.lineageTail(c, PATH, 42, 20));
        send(c -> reads.usage(c, PATH));
        send(c -> reads.metadata(c, PATH));
        send(c -> reads.keyedWrite(c, PATH, "k-1"));
    }

    @Test
    @DisplayName("every read is schema-qualified and binds every value, the path included")
    void bound() {
        sendEveryRead();
        assertThat(sent).hasSize(10).allSatisfy(sql -> assertThat(sql)
                .containsPattern("agents\\.(entries|sessions)")
                .doesNotContain("drop table", "public.")
                .doesNotContainPattern("(?<![:\\w]):[a-z]"));
        assertThat(bound).allSatisfy(values -> assertThat(values).contains(PATH));
        assertThat(bound.get(0)).containsExactly(PATH, 10L, 100);
        assertThat(bound.get(2)).containsExactly(PATH, 7L, 9L);
        assertThat(bound.get(9)).containsExactly(PATH, "k-1");
    }

    @Test
    @DisplayName("each read's text is built once: a second call sends the same text")
    void builtOnce() {
        sendEveryRead();
        List<String> first = List.copyOf(sent);
        sent.clear();
        sendEveryRead();
        assertThat(sent).isEqualTo(first);
        for (int i = 0; i < sent.size(); i++) {
            assertThat(sent.get(i)).isSameAs(first.get(i));
        }
    }

    @Test
    @DisplayName("entries are read through the primary key of the session named by a scalar subquery")
    void scalarSession() {
        send(c -> reads.entries(c, PATH, 10, 100));
        send(c -> reads.head(c, PATH));
        assertThat(sent.get(0)).contains("WHERE e.session_id = (SELECT id FROM agents.sessions WHERE path = ?)",
                "e.entry_id > ? ORDER BY e.entry_id LIMIT ?").doesNotContain(" JOIN ");
        assertThat(sent.get(1)).endsWith("ORDER BY e.entry_id DESC LIMIT 1");
    }

    @Test
    @DisplayName("tips walk the chain starts, not every entry")
    void tipsFromChainStarts() {
        send(c -> reads.tips(c, PATH));
        assertThat(sent.get(0)).startsWith("WITH RECURSIVE starts")
                .contains("(b.parent_id IS NULL OR b.parent_id <> b.entry_id - 1)",
                        "ORDER BY b.entry_id DESC LIMIT 1", "= ANY (ARRAY(", "<> ALL (ARRAY(")
                .doesNotContain("NOT EXISTS");
    }

    @Test
    @DisplayName("a lineage and a tail are one walk over chain segments, the tail bounded by its length")
    void tailBySegments() {
        send(c -> reads.lineageTail(c, PATH, 42, 20));
        send(c -> reads.lineage(c, PATH, 42));
        assertThat(sent.get(0)).startsWith("WITH RECURSIVE seg(sid, lo, hi, wanted)")
                .contains("(b.parent_id IS NULL OR b.parent_id <> b.entry_id - 1)",
                        "WHERE seg.wanted > seg.hi - seg.lo + 1",
                        "BETWEEN greatest(seg.lo, seg.hi - seg.wanted + 1) AND seg.hi LIMIT seg.wanted)")
                .doesNotContain("depth");
        assertThat(sent.get(1)).isSameAs(sent.get(0));
        assertThat(bound.get(0)).containsExactly(42L, 42L, 20L, PATH, 42L);
        assertThat(bound.get(1)).as("a lineage is the tail of its head's id: never longer")
                .containsExactly(42L, 42L, 42L, PATH, 42L);
    }

    @Test
    @DisplayName("the chain-start predicate is the partial index's, as migration V4 creates it")
    void chainStartIsTheIndexPredicate() throws IOException {
        String location = PostgresSessionStore.MIGRATIONS.substring("classpath:".length());
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(location + "/V4__lineage_segments.sql")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .contains("WHERE " + JdbcReads.chainStart("x").replace("x.", "").replaceAll("^\\(|\\)$", ""));
        }
    }
}
