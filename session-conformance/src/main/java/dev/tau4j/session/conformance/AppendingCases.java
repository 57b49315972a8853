package dev.tau4j.session.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tau4j.session.Append;
import dev.tau4j.session.EntryNotFoundException;
import dev.tau4j.session.Message;
import dev.tau4j.session.SessionEntry;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.SessionStore;
import dev.tau4j.session.UsageDelta;
import dev.tau4j.session.UsageSummary;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Appends: chains, ids, reading entries back, and parents that do not exist. */
abstract class AppendingCases extends KitCases {

    AppendingCases(SessionStoreConformanceKit kit) {
        super(kit);
    }

    @Test
    @ConformanceCase(id = "C-05")
    @DisplayName("C-05 the first append to a new session gets id 1 and is a root")
    void firstAppendGetsIdOne() {
        SessionStore store = newStore();
        SessionPath path = path("first");
        Message message = Message.system("you are a careful agent");
        List<SessionEntry> written = store.append(Append.to(path).message(message).build());
        assertThat(written).singleElement().satisfies(e -> {
            assertThat(e.id()).isEqualTo(1L);
            assertThat(e.isRoot()).isTrue();
            assertThat(e.message()).isEqualTo(message);
            assertThat(e.acceptedAt()).isNotNull();
        });
        assertThat(store.entries(path)).isEqualTo(written);
    }

    @Test
    @ConformanceCase(id = "C-06")
    @DisplayName("C-06 a batch append writes a chain under its parent")
    void batchAppendWritesChain() {
        SessionStore store = newStore();
        SessionPath path = path("chain");
        SessionEntry root = appendRoot(store, path, Message.system("root"));
        List<Message> batch = List.of(Message.user("question"), Message.assistant("thinking"),
                Message.toolResult("call-1", "search", "found", false));
        List<SessionEntry> written = store.append(Append.to(path).under(root.id()).messages(batch).build());
        assertThat(ids(written)).as("ids of the batch").containsExactly(2L, 3L, 4L);
        assertThat(parents(written)).as("parents of the batch: a chain under the parent")
                .containsExactly(OptionalLong.of(1), OptionalLong.of(2), OptionalLong.of(3));
        assertThat(messages(written)).isEqualTo(batch);

        // A batch without a parent is a new root followed by its chain.
        List<SessionEntry> newTree = store.append(Append.to(path)
                .message(Message.user("r2")).message(Message.assistant("r2-reply")).build());
        assertThat(ids(newTree)).containsExactly(5L, 6L);
        assertThat(parents(newTree)).containsExactly(OptionalLong.empty(), OptionalLong.of(5));

        List<SessionEntry> all = new ArrayList<>();
        all.add(root);
        all.addAll(written);
        all.addAll(newTree);
        assertThat(store.entries(path)).as("every entry, in id order").isEqualTo(all);
    }

    @Test
    @ConformanceCase(id = "C-07")
    @DisplayName("C-07 ids are unique and strictly increasing, also across store instances")
    void idsAreUniqueAndIncreasing() {
        SessionStore store = newStore();
        SessionPath path = path("ids");
        List<SessionEntry> returned = new ArrayList<>();
        returned.addAll(store.append(Append.to(path).message(Message.user("a")).message(Message.user("b"))
                .message(Message.user("c")).build()));
        returned.addAll(store.append(Append.to(path).under(2).message(Message.user("d")).build()));
        returned.addAll(store.append(Append.to(path).message(Message.user("e")).message(Message.user("f")).build()));
        assertThat(ids(returned)).as("ids of the first six entries").containsExactly(1L, 2L, 3L, 4L, 5L, 6L);

        SessionStore reopened = reopenClosing(store);
        long maxBefore = 6;
        // A new root and a branch written through the new instance: fresh ids, above every earlier one.
        List<SessionEntry> later = new ArrayList<>();
        later.addAll(reopened.append(Append.to(path).message(Message.user("g")).message(Message.user("h")).build()));
        later.addAll(reopened.append(Append.to(path).under(1).message(Message.user("i")).build()));
        for (SessionEntry entry : later) {
            assertThat(entry.id()).as("id of '%s' written after reopening", entry.message().text())
                    .isGreaterThan(maxBefore);
            maxBefore = entry.id();
        }
        returned.addAll(later);

        List<SessionEntry> read = reopened.entries(path);
        assertThat(read).as("entries read back").hasSize(9);
        Set<Long> seen = new HashSet<>();
        long previous = 0;
        for (SessionEntry entry : read) {
            assertThat(seen.add(entry.id())).as("id %d appears once", entry.id()).isTrue();
            assertThat(entry.id()).as("ids strictly increase in id order").isGreaterThan(previous);
            previous = entry.id();
        }
        assertThat(ids(read)).isEqualTo(ids(returned));
        assertThat(texts(read)).containsExactly("a", "b", "c", "d", "e", "f", "g", "h", "i");
    }

    @Test
    @ConformanceCase(id = "C-08")
    @DisplayName("C-08 entry by id returns exactly the entry the append returned")
    void entryByIdReturnsStoredEntry() {
        SessionStore store = newStore();
        SessionPath path = path("by-id");
        List<SessionEntry> written = appendChain(store, path, "m", 5, 2);
        for (SessionEntry entry : written) {
            assertThat(store.entry(path, entry.id())).as("entry %d", entry.id()).hasValue(entry);
        }
        assertThat(store.entries(path)).isEqualTo(written);
    }

    @Test
    @ConformanceCase(id = "C-09")
    @DisplayName("C-09 reading an unknown entry or session finds nothing and creates nothing")
    void unknownEntryOrSessionIsEmpty() {
        SessionStore store = newStore();
        SessionPath path = path("known");
        appendChain(store, path, "m", 3, 3);
        assertThat(store.entry(path, 4)).isEmpty();
        assertThat(store.entry(path, Long.MAX_VALUE)).isEmpty();

        SessionPath unknown = path("unknown");
        assertThat(store.entry(unknown, 1)).isEmpty();
        assertThat(store.head(unknown)).isEmpty();
        assertThat(store.entries(unknown)).isEmpty();
        assertThat(store.entries(unknown, 0, 10)).isEmpty();
        assertThat(store.tips(unknown)).isEmpty();
        assertThat(store.usage(unknown)).isEqualTo(UsageSummary.ZERO);
        assertThat(listedPaths(store, root)).as("sessions after reading an unknown one").containsExactly(path);
    }

    @Test
    @ConformanceCase(id = "C-10")
    @DisplayName("C-10 appending under an unknown parent fails and writes nothing")
    void unknownParentWritesNothing() {
        SessionStore store = newStore();
        SessionPath path = path("parent");
        List<SessionEntry> before = appendChain(store, path, "m", 2, 2);
        UsageSummary usage = store.recordUsage(path, UsageDelta.of(1, 1, 2, "0.01"));

        assertThatThrownBy(() -> store.append(Append.to(path).under(5).message(Message.user("orphan"))
                .message(Message.user("orphan-child")).usage(UsageDelta.of(5, 5, 10, "0.5")).build()))
                .isInstanceOfSatisfying(EntryNotFoundException.class, e -> {
                    assertThat(e.entryId()).isEqualTo(5L);
                    assertThat(e.path()).isEqualTo(path);
                });
        assertUnchanged(store, path, before, usage);

        SessionPath empty = path("parent-of-nothing");
        assertThatThrownBy(() -> store.append(Append.to(empty).under(1).message(Message.user("orphan")).build()))
                .isInstanceOf(EntryNotFoundException.class);
        assertAbsent(store, empty);

        // The next append still gets the next id.
        assertThat(appendUnder(store, path, 2, Message.user("fine")).id()).isEqualTo(3L);
    }

    @Test
    @ConformanceCase(id = "C-11")
    @DisplayName("C-11 a parent from another session is unknown")
    void parentFromAnotherSessionIsUnknown() {
        SessionStore store = newStore();
        SessionPath big = path("big");
        SessionPath small = path("big/small");
        appendChain(store, big, "big", 3, 3);
        List<SessionEntry> before = List.of(appendRoot(store, small, Message.user("small")));

        assertThatThrownBy(() -> store.append(Append.to(small).under(3).message(Message.user("stolen parent")).build()))
                .isInstanceOfSatisfying(EntryNotFoundException.class, e -> assertThat(e.entryId()).isEqualTo(3L));
        assertUnchanged(store, small, before, UsageSummary.ZERO);
        assertThat(store.entries(big)).hasSize(3);
    }
}
