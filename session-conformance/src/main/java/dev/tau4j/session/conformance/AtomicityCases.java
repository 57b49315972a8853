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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A batch is written whole or not at all, also when the kit interrupts the writing thread or closes the
 * store while the batch is in flight, and a failure never hands an id out twice.
 */
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

    /** Messages in the batch of the fault cases: large enough that writing them one by one takes a while. */
    static final int FAULT_BATCH = 5_000;
    /** The fault strikes at the latest this long after the batch started, if none of it is visible earlier. */
    private static final long FAULT_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** Bound on the batch's return after the fault, so a backend that hangs fails instead of hanging the build. */
    private static final long FAULT_TIMEOUT_SECONDS = 120;

    /** What the kit does to the batch in flight, from outside the backend. */
    private enum Fault { INTERRUPT_WRITER, CLOSE_STORE }

    @Test
    @ConformanceCase(id = "C-80")
    @DisplayName("C-80 a large batch whose writing thread is interrupted in flight is written whole or not at all")
    void interruptedBatchIsWholeOrAbsent() {
        batchUnderFault(Fault.INTERRUPT_WRITER);
    }

    @Test
    @ConformanceCase(id = "C-81")
    @DisplayName("C-81 a large batch whose store is closed in flight is written whole or not at all")
    void batchOfClosedStoreIsWholeOrAbsent() {
        batchUnderFault(Fault.CLOSE_STORE);
    }

    /**
     * Appends {@value #FAULT_BATCH} messages with usage on a thread of its own and strikes with
     * {@code fault} as soon as a second instance sees any of the batch (or after 20 ms). Then a new instance
     * must find all of the batch and its usage or none of it, all of it when the append returned, and
     * give the next entry an id above every id seen.
     */
    private void batchUnderFault(Fault fault) {
        SessionStore store = newStore();
        SessionStore observer = reopen(store);
        SessionPath path = path("fault-" + fault.name().toLowerCase(java.util.Locale.ROOT));
        List<SessionEntry> before = store.append(Append.to(path).message(Message.user("before the batch"))
                .usage(UsageDelta.of(1, 1, 2, "0.001")).build());
        UsageSummary usageBefore = store.usage(path);
        long root = before.get(0).id();
        List<Message> batch = new ArrayList<>(FAULT_BATCH);
        for (int i = 0; i < FAULT_BATCH; i++) {
            batch.add(Message.user("batch-" + i));
        }
        UsageDelta delta = UsageDelta.of(5, 7, 12, "0.5");

        ExecutorService writer = Executors.newSingleThreadExecutor();
        AtomicReference<Thread> writing = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        List<SessionEntry> returned = null;
        Throwable failure = null;
        try {
            Future<List<SessionEntry>> result = writer.submit(() -> {
                writing.set(Thread.currentThread());
                started.countDown();
                return store.append(Append.to(path).under(root).messages(batch).usage(delta).build());
            });
            awaitStart(started);
            long deadline = System.nanoTime() + FAULT_DELAY_NANOS;
            while (!result.isDone() && System.nanoTime() < deadline
                    && observer.head(path).map(SessionEntry::id).orElse(root) == root) {
                LockSupport.parkNanos(100_000);
            }
            switch (fault) {
                case INTERRUPT_WRITER -> writing.get().interrupt();
                case CLOSE_STORE -> close(store);
            }
            try {
                returned = result.get(FAULT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                failure = e.getCause();
            } catch (TimeoutException e) {
                throw new AssertionError("the batch did not return within " + FAULT_TIMEOUT_SECONDS + " s of the fault", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        } finally {
            writer.shutdownNow();
        }

        SessionStore after = reopen(observer);
        List<SessionEntry> entries = after.entries(path);
        int written = entries.size() - before.size();
        assertThat(written).as("messages of the %d-message batch written after %s (the append %s)", FAULT_BATCH,
                fault, failure == null ? "returned" : "failed with " + failure)
                .isIn(0, FAULT_BATCH);
        if (returned != null) {
            assertThat(written).as("messages written by an append that returned").isEqualTo(FAULT_BATCH);
            assertSameEntries("entries returned by the batch", returned, entries.subList(before.size(), entries.size()));
        }
        if (written == 0) {
            assertUnchanged(after, path, before, usageBefore);
        } else {
            List<SessionEntry> chain = entries.subList(before.size(), entries.size());
            assertThat(messages(chain)).as("messages of the batch").isEqualTo(batch);
            assertThat(chain.get(0).parentId()).as("parent of the batch's first entry").hasValue(root);
            assertThat(after.usage(path)).as("usage with the whole batch")
                    .isEqualTo(usageBefore.plus(delta));
        }
        long highest = entries.get(entries.size() - 1).id();
        if (returned != null) {
            highest = Math.max(highest, returned.get(returned.size() - 1).id());
        }
        SessionEntry next = appendUnder(after, path, root, Message.user("after the fault"));
        assertThat(next.id()).as("id of the first entry after the fault").isGreaterThan(highest);
    }

    private static void awaitStart(CountDownLatch started) {
        try {
            if (!started.await(FAULT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("the writing thread did not start");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
