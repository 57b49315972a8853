package dev.tau4j.session.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tau4j.session.Append;
import dev.tau4j.session.EntryNotFoundException;
import dev.tau4j.session.Message;
import dev.tau4j.session.MessageTooLargeException;
import dev.tau4j.session.SessionEntry;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.SessionStore;
import dev.tau4j.session.StaleHeadException;
import dev.tau4j.session.UsageDelta;
import dev.tau4j.session.UsageSummary;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A batch is written whole or not at all, and a failure never hands an id out twice. */
abstract class AtomicityCases extends KitCases {

    AtomicityCases(SessionStoreConformanceKit kit) {
        super(kit);
    }

    /** Four messages whose third is one byte above the store's limit. */
    private static List<Message> batchWithOversizedThird(SessionStore store) {
        return List.of(Message.user("one"), Message.assistant("two"),
                Message.user("x".repeat(store.limits().maxMessageBytes() + 1)), Message.assistant("four"));
    }

    @Test
    @ConformanceCase(id = "C-42")
    @DisplayName("C-42 a batch whose third message is oversized writes none of the batch")
    void failingBatchWritesNothing() {
        SessionStore store = newStore();
        SessionPath path = path("batch");
        List<SessionEntry> before = store.append(Append.to(path).message(Message.user("kept"))
                .usage(UsageDelta.of(1, 1, 2, "0.001")).build());
        UsageSummary usage = store.usage(path);

        assertThatThrownBy(() -> store.append(Append.to(path).under(1).messages(batchWithOversizedThird(store))
                .usage(UsageDelta.of(9, 9, 18, "0.9")).build())).isInstanceOf(MessageTooLargeException.class);
        assertUnchanged(store, path, before, usage);
        assertThat(store.tips(path)).containsExactlyElementsOf(before);

        SessionPath fresh = path("batch-fresh");
        assertThatThrownBy(() -> store.append(Append.to(fresh).messages(batchWithOversizedThird(store)).build()))
                .isInstanceOf(MessageTooLargeException.class);
        assertAbsent(store, fresh);
        assertAbsent(reopen(store), fresh);
    }

    @Test
    @ConformanceCase(id = "C-43")
    @DisplayName("C-43 ids are never reused after failed appends")
    void idsAreNotReusedAfterFailures() {
        SessionStore store = newStore();
        SessionPath path = path("after-failures");
        List<Long> handedOut = new ArrayList<>(ids(appendChain(store, path, "m", 3, 3)));
        for (int attempt = 0; attempt < 3; attempt++) {
            long head = handedOut.get(handedOut.size() - 1);
            assertThatThrownBy(() -> store.append(Append.to(path).under(head).messages(batchWithOversizedThird(store)).build()))
                    .isInstanceOf(MessageTooLargeException.class);
            assertThatThrownBy(() -> store.append(Append.to(path).under(head + 100).message(Message.user("orphan")).build()))
                    .isInstanceOf(EntryNotFoundException.class);
            assertThatThrownBy(() -> store.append(Append.to(path).expectEmpty().message(Message.user("stale")).build()))
                    .isInstanceOf(StaleHeadException.class);
            List<SessionEntry> next = store.append(Append.to(path).under(head)
                    .message(Message.user("after failure " + attempt)).message(Message.assistant("reply " + attempt)).build());
            for (SessionEntry entry : next) {
                assertThat(entry.id()).as("id after failed appends").isGreaterThan(handedOut.get(handedOut.size() - 1));
                handedOut.add(entry.id());
            }
        }
        List<SessionEntry> read = store.entries(path);
        assertThat(ids(read)).as("ids read back: those handed out, in order").isEqualTo(handedOut);
        Set<Long> unique = new HashSet<>(handedOut);
        assertThat(unique).hasSize(handedOut.size());
        assertThat(texts(read)).doesNotContain("orphan", "stale", "one", "two", "four");
    }

    @Test
    @ConformanceCase(id = "C-44")
    @DisplayName("C-44 a failed first append leaves no session behind")
    void failedFirstAppendLeavesNoSession() {
        SessionStore store = newStore();
        SessionPath path = path("never-born");
        assertThatThrownBy(() -> store.append(Append.to(path).messages(batchWithOversizedThird(store))
                .usage(UsageDelta.of(3, 3, 6, "0.3")).build())).isInstanceOf(MessageTooLargeException.class);
        assertThatThrownBy(() -> store.append(Append.to(path).under(1).message(Message.user("orphan"))
                .usage(UsageDelta.of(3, 3, 6, "0.3")).build())).isInstanceOf(EntryNotFoundException.class);
        assertAbsent(store, path);
        assertThat(store.deleteSession(path)).as("deleting the session that was never created").isFalse();
        // The path is still free: its first entry gets id 1.
        assertThat(appendRoot(store, path, Message.user("born")).id()).isEqualTo(1L);
    }
}
