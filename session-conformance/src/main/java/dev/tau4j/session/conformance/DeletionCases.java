package dev.tau4j.session.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tau4j.session.Message;
import dev.tau4j.session.SessionEntry;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.SessionStore;
import dev.tau4j.session.UsageDelta;
import dev.tau4j.session.UsageSummary;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Deleting a session removes it whole, and nothing else. */
abstract class DeletionCases extends KitCases {

    DeletionCases(SessionStoreConformanceKit kit) {
        super(kit);
    }

    @Test
    @ConformanceCase(id = "C-63")
    @DisplayName("C-63 deleting a session removes its entries and usage")
    void deleteRemovesSession() {
        SessionStore store = newStore();
        SessionPath path = path("doomed");
        appendChain(store, path, "m", 5, 5);
        store.recordUsage(path, UsageDelta.of(10, 3, 13, "0.007"));
        assertThat(store.deleteSession(path)).as("first delete").isTrue();
        assertAbsent(store, path);
        assertThat(store.entry(path, 1)).isEmpty();
        assertThat(store.tips(path)).isEmpty();
        assertThat(store.deleteSession(path)).as("second delete").isFalse();
        assertAbsent(reopen(store), path);

        SessionPath usageOnly = path("usage-only");
        store.recordUsage(usageOnly, UsageDelta.of(1, 0, 1, "0"));
        assertThat(store.deleteSession(usageOnly)).as("deleting a session with usage only").isTrue();
        assertAbsent(store, usageOnly);
    }

    @Test
    @ConformanceCase(id = "C-64")
    @DisplayName("C-64 deleting a session leaves every other session untouched")
    void deleteLeavesOthersAlone() {
        SessionStore store = newStore();
        SessionPath a = path("a");
        SessionPath ab = path("a/b");
        SessionPath abc = path("a/bc");
        SessionPath abSlashC = path("a/b/c");
        List<SessionPath> survivors = List.of(a, abc, abSlashC);
        for (SessionPath p : List.of(a, ab, abc, abSlashC)) {
            appendChain(store, p, p.value(), 2, 2);
            store.recordUsage(p, UsageDelta.of(1, 1, 2, "0.01"));
        }
        List<List<SessionEntry>> before = survivors.stream().map(store::entries).toList();
        assertThat(store.deleteSession(ab)).isTrue();
        for (int i = 0; i < survivors.size(); i++) {
            SessionPath p = survivors.get(i);
            assertThat(store.entries(p)).as("entries of %s", p).isEqualTo(before.get(i));
            assertThat(store.usage(p)).as("usage of %s", p).isEqualTo(new UsageSummary(1, 1, 2, new BigDecimal("0.01")));
        }
        assertThat(listedPaths(store, root)).containsExactly(a, abSlashC, abc);
        assertThat(listedPaths(store, ab)).containsExactly(abSlashC);
    }

    @Test
    @ConformanceCase(id = "C-65")
    @DisplayName("C-65 a deleted path starts again at id 1 with zero usage")
    void deletedPathStartsAgain() {
        SessionStore store = newStore();
        SessionPath path = path("reborn");
        appendChain(store, path, "old", 3, 3);
        store.recordUsage(path, UsageDelta.of(5, 5, 10, "1"));
        assertThat(store.deleteSession(path)).isTrue();
        SessionEntry first = appendRoot(store, path, Message.user("new life"));
        assertThat(first.id()).isEqualTo(1L);
        assertThat(store.entries(path)).containsExactly(first);
        assertThat(store.usage(path)).isEqualTo(UsageSummary.ZERO);
        assertThat(store.recordUsage(path, UsageDelta.of(1, 0, 1, "0.1")))
                .isEqualTo(new UsageSummary(1, 0, 1, new BigDecimal("0.1")));
    }

    @Test
    @ConformanceCase(id = "C-66")
    @DisplayName("C-66 deleting an unknown session returns false and creates nothing")
    void deleteUnknownSession() {
        SessionStore store = newStore();
        SessionPath path = path("ghost");
        assertThat(store.deleteSession(path)).isFalse();
        assertAbsent(store, path);
        assertThat(listedPaths(store, root)).isEmpty();
        assertThat(appendRoot(store, path, Message.user("after all")).id()).isEqualTo(1L);
    }
}
