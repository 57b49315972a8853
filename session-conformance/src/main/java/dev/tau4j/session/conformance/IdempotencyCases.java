package dev.tau4j.session.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tau4j.session.Append;
import dev.tau4j.session.IdempotencyKey;
import dev.tau4j.session.IdempotencyKeyReusedException;
import dev.tau4j.session.InvalidInputException;
import dev.tau4j.session.Message;
import dev.tau4j.session.SessionEntry;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.SessionStore;
import dev.tau4j.session.UsageDelta;
import dev.tau4j.session.UsageSummary;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Keyed writes happen at most once per session; their repeats answer with the first write's result. */
abstract class IdempotencyCases extends KitCases {

    IdempotencyCases(SessionStoreConformanceKit kit) {
        super(kit);
    }

    private static String newKey() {
        return UUID.randomUUID().toString();
    }

    private static Append.Builder turn(SessionPath path, String key) {
        return Append.to(path).message(Message.user("question")).message(Message.assistant("answer"))
                .usage(UsageDelta.of(10, 3, 13, "0.007")).idempotencyKey(key);
    }

    @Test
    @ConformanceCase(id = "C-67")
    @DisplayName("C-67 a keyed write is honoured, or refused whole by a backend without keys")
    void keyedWriteHonouredOrRefused() {
        SessionStore store = newStore();
        SessionPath path = path("keys/either");
        Append append = turn(path, newKey()).build();
        if (supports(Capability.IDEMPOTENCY_KEYS)) {
            assertThat(store.append(append)).extracting(SessionEntry::id).containsExactly(1L, 2L);
            assertThat(store.usage(path)).isEqualTo(new UsageSummary(10, 3, 13, new BigDecimal("0.007")));
        } else {
            assertThatThrownBy(() -> store.append(append)).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> store.recordUsage(path, UsageDelta.of(1, 1, 2, "0.1"), IdempotencyKey.of("k")))
                    .isInstanceOf(UnsupportedOperationException.class);
            assertAbsent(store, path);
        }
        for (String bad : List.of("", "x".repeat(IdempotencyKey.MAX_LENGTH + 1), "tab\there", "nul\u0000", "\ud800")) {
            assertThatThrownBy(() -> IdempotencyKey.of(bad)).as("key %s", bad.length() > 20 ? "too long" : bad)
                    .isInstanceOf(InvalidInputException.class);
        }
    }

    @Test
    @ConformanceCase(id = "C-68", required = false)
    @DisplayName("C-68 a repeated keyed append returns the first one's entries and writes nothing")
    void repeatReturnsFirstEntries() {
        assumeSupported(Capability.IDEMPOTENCY_KEYS);
        SessionStore store = newStore();
        SessionPath path = path("keys/repeat");
        appendRoot(store, path, Message.system("before"));
        String key = newKey();
        List<SessionEntry> first = store.append(turn(path, key).under(1).build());
        List<SessionEntry> before = store.entries(path);
        UsageSummary usage = store.usage(path);

        List<SessionEntry> again = store.append(turn(path, key).under(1).build());
        assertThat(again).as("same ids, parents, messages and accepted-at").isEqualTo(first);
        assertUnchanged(store, path, before, usage);
        assertThat(usage).as("usage counted once").isEqualTo(new UsageSummary(10, 3, 13, new BigDecimal("0.007")));

        // Ids are never reused: the next write continues after the first write's ids.
        assertThat(appendUnder(store, path, 3, Message.user("next")).id()).isEqualTo(4L);
        assertThat(store.append(turn(path, key).under(1).build())).as("still the first write").isEqualTo(first);
    }

    @Test
    @ConformanceCase(id = "C-69", required = false)
    @DisplayName("C-69 a keyed append repeated through a reopened store returns the same entries")
    void repeatAfterReopen() {
        assumeSupported(Capability.IDEMPOTENCY_KEYS);
        SessionStore store = newStore();
        SessionPath path = path("keys/reopen");
        String key = newKey();
        List<SessionEntry> first = store.append(turn(path, key).build());
        UsageSummary usage = store.usage(path);
        SessionStore reopened = reopenClosing(store);
        assertThat(reopened.append(turn(path, key).build())).isEqualTo(first);
        assertUnchanged(reopened, path, first, usage);
    }

    @Test
    @ConformanceCase(id = "C-70", required = false)
    @DisplayName("C-70 a key reused for a different append is refused and nothing is written")
    void reusedKeyRefused() {
        assumeSupported(Capability.IDEMPOTENCY_KEYS);
        SessionStore store = newStore();
        SessionPath path = path("keys/reused");
        String key = newKey();
        store.append(turn(path, key).build());
        List<SessionEntry> before = store.entries(path);
        UsageSummary usage = store.usage(path);
        List<Append> others = List.of(
                Append.to(path).message(Message.user("question")).message(Message.assistant("other answer"))
                        .usage(UsageDelta.of(10, 3, 13, "0.007")).idempotencyKey(key).build(),
                turn(path, key).under(1).build(),
                turn(path, key).usage(UsageDelta.of(10, 3, 13, "0.008")).build(),
                turn(path, key).expectHead(2).build(),
                turn(path, key).under(99).build());
        for (Append other : others) {
            assertThatThrownBy(() -> store.append(other)).as("%s", other)
                    .isInstanceOfSatisfying(IdempotencyKeyReusedException.class, e -> {
                        assertThat(e.path()).isEqualTo(path);
                        assertThat(e.key().value()).isEqualTo(key);
                    });
        }
        assertThatThrownBy(() -> store.recordUsage(path, UsageDelta.of(10, 3, 13, "0.007"), IdempotencyKey.of(key)))
                .as("an append's key used for a usage record").isInstanceOf(IdempotencyKeyReusedException.class);
        assertUnchanged(store, path, before, usage);
    }

    @Test
    @ConformanceCase(id = "C-71", required = false)
    @DisplayName("C-71 the same key in two paths is two keys")
    void keysBelongToTheirSession() {
        assumeSupported(Capability.IDEMPOTENCY_KEYS);
        SessionStore store = newStore();
        SessionPath a = path("keys/a");
        SessionPath ab = path("keys/a/b");
        String key = newKey();
        List<SessionEntry> inA = store.append(turn(a, key).build());
        List<SessionEntry> inAb = store.append(Append.to(ab).message(Message.user("other")).idempotencyKey(key).build());
        assertThat(inA).extracting(SessionEntry::id).containsExactly(1L, 2L);
        assertThat(texts(inAb)).containsExactly("other");
        assertThat(store.entries(ab)).isEqualTo(inAb);
        assertThat(store.entries(a)).isEqualTo(inA);
    }

    @Test
    @ConformanceCase(id = "C-72", required = false)
    @DisplayName("C-72 8 threads sending the same keyed append at once write it exactly once")
    void concurrentRepeatsWriteOnce() {
        assumeSupported(Capability.IDEMPOTENCY_KEYS);
        SessionStore store = newStore();
        SessionPath path = path("keys/race");
        appendRoot(store, path, Message.system("root"));
        for (int round = 0; round < 3; round++) {
            String key = newKey();
            List<Callable<List<SessionEntry>>> tasks = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                tasks.add(() -> store.append(turn(path, key).under(1).build()));
            }
            List<List<SessionEntry>> results = concurrently(tasks);
            assertThat(results).as("every thread gets the one write's entries").allMatch(r -> r.equals(results.get(0)));
        }
        assertThat(store.entries(path)).as("root + 3 keyed turns of 2 entries").hasSize(7);
        assertThat(store.usage(path)).isEqualTo(new UsageSummary(30, 9, 39, new BigDecimal("0.021")));
    }

    @Test
    @ConformanceCase(id = "C-73", required = false)
    @DisplayName("C-73 a repeated optimistic keyed append returns its entries instead of a stale head")
    void optimisticRepeat() {
        assumeSupported(Capability.IDEMPOTENCY_KEYS);
        SessionStore store = newStore();
        SessionPath path = path("keys/optimistic");
        String key = newKey();
        Append first = turn(path, key).expectEmpty().build();
        List<SessionEntry> written = store.append(first);
        assertThat(store.append(first)).as("head is now the write's own").isEqualTo(written);
        appendUnder(store, path, 2, Message.user("someone else"));
        assertThat(store.append(first)).as("also after another writer appended").isEqualTo(written);
        assertThat(store.entries(path)).hasSize(3);
    }

    @Test
    @ConformanceCase(id = "C-74", required = false)
    @DisplayName("C-74 a keyed usage record is added once and its repeats return the first totals")
    void keyedUsage() {
        assumeSupported(Capability.IDEMPOTENCY_KEYS);
        SessionStore store = newStore();
        SessionPath path = path("keys/usage");
        IdempotencyKey key = IdempotencyKey.of(newKey());
        UsageDelta delta = UsageDelta.of(5, 2, 7, "0.000000000003");
        UsageSummary first = store.recordUsage(path, delta, key);
        assertThat(first).isEqualTo(new UsageSummary(5, 2, 7, new BigDecimal("0.000000000003")));
        store.recordUsage(path, UsageDelta.of(1, 1, 2, "1"));
        assertThat(store.recordUsage(path, delta, key)).as("what the first call returned").isEqualTo(first);
        assertThat(reopen(store).recordUsage(path, delta, key)).as("through a new instance").isEqualTo(first);
        assertThat(store.usage(path)).isEqualTo(new UsageSummary(6, 3, 9, new BigDecimal("1.000000000003")));
        assertThatThrownBy(() -> store.recordUsage(path, UsageDelta.of(5, 2, 7, "0.000000000004"), key))
                .isInstanceOf(IdempotencyKeyReusedException.class);
        assertThat(store.usage(path)).isEqualTo(new UsageSummary(6, 3, 9, new BigDecimal("1.000000000003")));
    }

    @Test
    @ConformanceCase(id = "C-75", required = false)
    @DisplayName("C-75 keys go with their session: after deleteSession the same key writes anew")
    void keysGoWithDeletion() {
        assumeSupported(Capability.IDEMPOTENCY_KEYS);
        SessionStore store = newStore();
        SessionPath path = path("keys/deleted");
        String key = newKey();
        store.append(Append.to(path).message(Message.user("old")).idempotencyKey(key).build());
        assertThat(store.deleteSession(path)).isTrue();
        List<SessionEntry> fresh = store.append(Append.to(path).message(Message.user("new")).idempotencyKey(key).build());
        assertThat(texts(fresh)).containsExactly("new");
        assertThat(store.entries(path)).isEqualTo(fresh);
    }

    @Test
    @ConformanceCase(id = "C-90", required = false)
    @DisplayName("C-90 a repeated keyed append with metadata is the same write and changes no metadata")
    void keyedAppendWithMetadata() {
        assumeSupported(Capability.IDEMPOTENCY_KEYS);
        SessionStore store = newStore();
        SessionPath path = path("keys/metadata");
        String key = newKey();
        List<SessionEntry> first = store.append(turn(path, key).metadata("window-start", "1").build());
        store.updateMetadata(path, dev.tau4j.session.MetadataUpdate.put("window-start", "2"));
        assertThat(store.append(turn(path, key).metadata("window-start", "1").build())).isEqualTo(first);
        assertThat(reopen(store).append(turn(path, key).metadata("window-start", "1").build())).isEqualTo(first);
        assertThat(store.metadata(path)).as("the repeat does not apply its metadata again")
                .containsExactly(java.util.Map.entry("window-start", "2"));
        for (Append other : List.of(turn(path, key).metadata("window-start", "9").build(),
                turn(path, key).removeMetadata("window-start").build(), turn(path, key).build())) {
            assertThatThrownBy(() -> store.append(other)).as("same key, other metadata")
                    .isInstanceOf(IdempotencyKeyReusedException.class);
        }
        assertThat(store.entries(path)).isEqualTo(first);
        assertThat(store.metadata(path)).containsExactly(java.util.Map.entry("window-start", "2"));
    }
}
