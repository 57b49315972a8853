package dev.tau4j.session.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tau4j.session.Append;
import dev.tau4j.session.Message;
import dev.tau4j.session.SessionEntry;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.SessionStore;
import dev.tau4j.session.UsageDelta;
import dev.tau4j.session.UsageSummary;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Many writers at once: nothing lost, no id twice, exact sums, sessions independent. */
abstract class ConcurrencyCases extends KitCases {

    /** Appends per thread. */
    static final int APPENDS = 40;

    ConcurrencyCases(SessionStoreConformanceKit kit) {
        super(kit);
    }

    @Test
    @ConformanceCase(id = "C-38")
    @DisplayName("C-38 concurrent appends to one session lose nothing and duplicate no id")
    void concurrentAppendsToOneSession() {
        SessionStore store = newStore();
        SessionPath path = path("shared");
        List<Callable<List<SessionEntry>>> writers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            writers.add(() -> {
                // Each writer grows its own line: a root, then batches of two under its previous entry.
                List<SessionEntry> mine = new ArrayList<>();
                OptionalLong parent = OptionalLong.empty();
                for (int i = 0; i < APPENDS; i++) {
                    List<SessionEntry> written = store.append(Append.to(path).under(parent)
                            .message(Message.user("t" + thread + " a" + i + " q"))
                            .message(Message.assistant("t" + thread + " a" + i + " r")).build());
                    mine.addAll(written);
                    parent = OptionalLong.of(written.get(1).id());
                }
                return mine;
            });
        }
        List<List<SessionEntry>> results = concurrently(writers);

        List<SessionEntry> read = store.entries(path);
        assertThat(read).as("entries after %d threads x %d appends of 2", THREADS, APPENDS).hasSize(THREADS * APPENDS * 2);
        Set<Long> readIds = new HashSet<>();
        long previous = 0;
        for (SessionEntry entry : read) {
            assertThat(readIds.add(entry.id())).as("id %d read once", entry.id()).isTrue();
            assertThat(entry.id()).as("ids strictly increase").isGreaterThan(previous);
            previous = entry.id();
        }
        Map<Long, SessionEntry> byId = new HashMap<>();
        read.forEach(e -> byId.put(e.id(), e));
        Set<Long> returnedIds = new HashSet<>();
        for (int t = 0; t < THREADS; t++) {
            List<SessionEntry> mine = results.get(t);
            long last = 0;
            for (int i = 0; i < mine.size(); i++) {
                SessionEntry entry = mine.get(i);
                assertThat(returnedIds.add(entry.id())).as("id %d returned to one writer only", entry.id()).isTrue();
                assertThat(entry.id()).as("ids returned to thread %d increase", t).isGreaterThan(last);
                assertThat(byId.get(entry.id())).as("entry %d as read back", entry.id()).isEqualTo(entry);
                if (i == 0) {
                    assertThat(entry.isRoot()).isTrue();
                } else {
                    assertThat(entry.parentId()).as("entry %d continues thread %d's line", entry.id(), t)
                            .isEqualTo(OptionalLong.of(last));
                }
                last = entry.id();
            }
        }
        assertThat(returnedIds).isEqualTo(readIds);
        assertThat(store.tips(path)).as("one line per writer").hasSize(THREADS);
    }

    @Test
    @ConformanceCase(id = "C-39")
    @DisplayName("C-39 concurrent usage records sum exactly")
    void concurrentUsageSumsExactly() {
        SessionStore store = newStore();
        SessionPath path = path("usage");
        int records = 50;
        List<Callable<List<UsageSummary>>> writers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            writers.add(() -> {
                List<UsageSummary> totals = new ArrayList<>();
                for (int i = 0; i < records; i++) {
                    totals.add(store.recordUsage(path, UsageDelta.of(1, 2, 3, "0.001")));
                }
                return totals;
            });
        }
        List<List<UsageSummary>> results = concurrently(writers);
        int n = THREADS * records;
        assertThat(store.usage(path)).isEqualTo(new UsageSummary(n, 2L * n, 3L * n, new BigDecimal(n).movePointLeft(3)));
        // Each record returned the totals right after its own delta: every count from 1 to n exactly once.
        Set<Long> seen = new HashSet<>();
        for (List<UsageSummary> totals : results) {
            for (UsageSummary total : totals) {
                assertThat(seen.add(total.inputTokens())).as("totals %s returned once", total).isTrue();
                assertThat(total.outputTokens()).isEqualTo(2 * total.inputTokens());
                assertThat(total.estimatedCostUsd()).isEqualByComparingTo(new BigDecimal(total.inputTokens()).movePointLeft(3));
            }
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(range(1, n));
    }

    @Test
    @ConformanceCase(id = "C-40")
    @DisplayName("C-40 concurrent appends to different sessions stay isolated")
    void concurrentAppendsToDifferentSessions() {
        SessionStore store = newStore();
        List<Callable<List<SessionEntry>>> writers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            SessionPath own = path("own/" + t);
            writers.add(() -> {
                List<SessionEntry> mine = new ArrayList<>();
                for (int i = 0; i < APPENDS; i++) {
                    mine.addAll(store.append(Append.to(own).under(i == 0 ? OptionalLong.empty() : OptionalLong.of(i))
                            .message(Message.user(own.value() + " " + i)).build()));
                }
                return mine;
            });
        }
        List<List<SessionEntry>> results = concurrently(writers);
        for (int t = 0; t < THREADS; t++) {
            SessionPath own = path("own/" + t);
            List<SessionEntry> read = store.entries(own);
            assertThat(ids(read)).as("ids of %s", own).isEqualTo(range(1, APPENDS));
            assertThat(read).isEqualTo(results.get(t));
            assertThat(texts(read)).allSatisfy(text -> assertThat(text).startsWith(own.value() + " "));
        }
        assertThat(listedPaths(store, path("own"))).hasSize(THREADS);
    }

    @Test
    @ConformanceCase(id = "C-41")
    @DisplayName("C-41 concurrent appends with usage keep messages and usage together")
    void concurrentAppendsWithUsage() {
        SessionStore store = newStore();
        SessionPath path = path("turns");
        List<Callable<Integer>> writers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            writers.add(() -> {
                for (int i = 0; i < APPENDS; i++) {
                    store.append(Append.to(path).message(Message.user("t" + thread + " " + i))
                            .usage(UsageDelta.of(1, 1, 2, "0.01")).build());
                }
                return APPENDS;
            });
        }
        int n = concurrently(writers).stream().mapToInt(Integer::intValue).sum();
        assertThat(store.entries(path)).hasSize(n);
        assertThat(ids(store.entries(path))).doesNotHaveDuplicates();
        assertThat(store.usage(path)).isEqualTo(new UsageSummary(n, n, 2L * n, new BigDecimal(n).movePointLeft(2)));
    }
}
