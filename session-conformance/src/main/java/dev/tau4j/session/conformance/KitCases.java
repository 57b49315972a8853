package dev.tau4j.session.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tau4j.session.Append;
import dev.tau4j.session.Message;
import dev.tau4j.session.SessionEntry;
import dev.tau4j.session.SessionListing;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.SessionStore;
import dev.tau4j.session.SessionSummary;
import dev.tau4j.session.UsageSummary;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Assumptions;

/**
 * What every group of cases shares: the binding, the case's own random path prefix, and the stores it
 * opened (all closed after the case).
 */
abstract class KitCases {

    /** Threads used by the concurrency cases. */
    static final int THREADS = 8;
    /** Generous bound on one concurrent phase, so a deadlocked backend fails instead of hanging the build. */
    private static final long PHASE_TIMEOUT_SECONDS = 300;

    private final SessionStoreConformanceKit kit;
    /** The case's own prefix, {@code kit/<uuid>}: nothing the case writes lies outside it. */
    SessionPath root = newPrefix();
    private final List<SessionStore> opened = new ArrayList<>();
    private final Set<SessionStore> closed = Collections.newSetFromMap(new IdentityHashMap<>());

    KitCases(SessionStoreConformanceKit kit) {
        this.kit = kit;
    }

    /** A store from the binding, closed after the case. */
    final SessionStore newStore() {
        SessionStore store = kit.newStore();
        assertThat(store).as("newStore() of the binding").isNotNull();
        synchronized (opened) {
            opened.add(store);
        }
        return store;
    }

    /** A new instance over the same storage; {@code store} stays open. */
    final SessionStore reopen(SessionStore store) {
        SessionStore again = kit.reopen(store);
        assertThat(again).as("reopen(store) of the binding must return a new store instance")
                .isNotNull().isNotSameAs(store);
        synchronized (opened) {
            opened.add(again);
        }
        return again;
    }

    /** A new instance over the same storage, with {@code store} closed: only the storage remains. */
    final SessionStore reopenClosing(SessionStore store) {
        SessionStore again = reopen(store);
        close(store);
        return again;
    }

    private static SessionPath newPrefix() {
        return SessionPath.of("kit/" + UUID.randomUUID());
    }

    /** A fresh prefix per case, also when a configuration makes one instance serve several cases. */
    @BeforeEach
    final void choosePrefix() {
        root = newPrefix();
    }

    @AfterEach
    final void closeStores() {
        List<SessionStore> toClose;
        synchronized (opened) {
            toClose = new ArrayList<>(opened);
            opened.clear();
        }
        Collections.reverse(toClose);
        RuntimeException failure = null;
        for (SessionStore store : toClose) {
            try {
                close(store);
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Closes {@code store} now (once; the end of the case does not close it again). */
    final void close(SessionStore store) {
        synchronized (closed) {
            if (!closed.add(store)) {
                return;
            }
        }
        store.close();
    }

    final String backend() {
        return kit.backendName();
    }

    final boolean supports(Capability capability) {
        Set<Capability> unsupported = kit.unsupportedCapabilities();
        return unsupported == null || !unsupported.contains(capability);
    }

    /** Skips an optional case, with the reason, when the backend declares the capability unsupported. */
    final void assumeSupported(Capability capability) {
        Assumptions.assumeTrue(supports(capability),
                () -> backend() + " declares capability " + capability + " unsupported");
    }

    /** A path below the case's prefix, e.g. {@code path("a/b")} is {@code kit/<uuid>/a/b}. */
    final SessionPath path(String relative) {
        return SessionPath.of(root.value() + "/" + relative);
    }

    // ---- writing -------------------------------------------------------------------------------------

    static SessionEntry appendRoot(SessionStore store, SessionPath path, Message message) {
        return single(store.append(Append.to(path).message(message).build()));
    }

    static SessionEntry appendUnder(SessionStore store, SessionPath path, long parentId, Message message) {
        return single(store.append(Append.to(path).under(parentId).message(message).build()));
    }

    /** Appends {@code count} user messages "{@code prefix}-i" as one chain, in batches of {@code batch}. */
    static List<SessionEntry> appendChain(SessionStore store, SessionPath path, String prefix, int count, int batch) {
        OptionalLong head = store.head(path).map(e -> OptionalLong.of(e.id())).orElse(OptionalLong.empty());
        return appendChain(store, path, head, prefix, count, batch);
    }

    /**
     * Appends {@code count} user messages "{@code prefix}-i" as one chain under {@code parent} (a new
     * root when empty), in batches of {@code batch}.
     */
    static List<SessionEntry> appendChain(SessionStore store, SessionPath path, OptionalLong parent, String prefix,
            int count, int batch) {
        List<SessionEntry> written = new ArrayList<>(count);
        for (int start = 0; start < count; start += batch) {
            List<Message> messages = new ArrayList<>();
            for (int i = start; i < Math.min(count, start + batch); i++) {
                messages.add(Message.user(prefix + "-" + i));
            }
            List<SessionEntry> page = store.append(Append.to(path).under(parent).messages(messages).build());
            written.addAll(page);
            parent = OptionalLong.of(page.get(page.size() - 1).id());
        }
        return written;
    }

    private static SessionEntry single(List<SessionEntry> entries) {
        assertThat(entries).as("entries returned by a one-message append").hasSize(1);
        return entries.get(0);
    }

    // ---- reading -------------------------------------------------------------------------------------

    static List<Long> ids(List<SessionEntry> entries) {
        return entries.stream().map(SessionEntry::id).toList();
    }

    static List<OptionalLong> parents(List<SessionEntry> entries) {
        return entries.stream().map(SessionEntry::parentId).toList();
    }

    static List<String> texts(List<SessionEntry> entries) {
        return entries.stream().map(e -> e.message().text()).toList();
    }

    static List<Message> messages(List<SessionEntry> entries) {
        return entries.stream().map(SessionEntry::message).toList();
    }

    /**
     * Asserts that {@code actual} holds exactly the entries {@code expected}, in order. A difference is
     * named by its first position, so lists of thousands of entries still fail with a readable message.
     */
    static void assertSameEntries(String what, List<SessionEntry> actual, List<SessionEntry> expected) {
        int common = Math.min(actual.size(), expected.size());
        for (int i = 0; i < common; i++) {
            if (!actual.get(i).equals(expected.get(i))) {
                throw new AssertionError(what + ": position " + i + " holds entry " + actual.get(i).id()
                        + " (parent " + actual.get(i).parentId() + "), expected entry " + expected.get(i).id()
                        + " (parent " + expected.get(i).parentId() + ")" + sizes(actual, expected));
            }
        }
        if (actual.size() != expected.size()) {
            throw new AssertionError(what + ": " + actual.size() + " entries, expected " + expected.size()
                    + (actual.size() > common ? "; first extra entry " + actual.get(common).id()
                            : "; first missing entry " + expected.get(common).id()));
        }
    }

    private static String sizes(List<SessionEntry> actual, List<SessionEntry> expected) {
        return actual.size() == expected.size() ? "" : "; " + actual.size() + " entries, expected " + expected.size();
    }

    static List<Long> range(long fromInclusive, long toInclusive) {
        List<Long> ids = new ArrayList<>();
        for (long id = fromInclusive; id <= toInclusive; id++) {
            ids.add(id);
        }
        return ids;
    }

    /** Every session at or below {@code prefix}, across all pages. */
    static List<SessionSummary> listAll(SessionStore store, SessionPath prefix) {
        List<SessionSummary> all = new ArrayList<>();
        SessionListing listing = SessionListing.under(prefix);
        while (true) {
            List<SessionSummary> page = store.listSessions(listing);
            all.addAll(page);
            if (page.size() < listing.limit()) {
                return all;
            }
            listing = listing.after(page.get(page.size() - 1).path());
        }
    }

    static List<SessionPath> listedPaths(SessionStore store, SessionPath prefix) {
        return listAll(store, prefix).stream().map(SessionSummary::path).toList();
    }

    /** The session holds nothing at all: no entry, no head, no usage, no metadata, and it is not listed. */
    static void assertAbsent(SessionStore store, SessionPath path) {
        assertThat(store.metadata(path)).as("metadata of %s", path).isEmpty();
        assertThat(store.entries(path)).as("entries of %s", path).isEmpty();
        assertThat(store.head(path)).as("head of %s", path).isEmpty();
        assertThat(store.usage(path)).as("usage of %s", path).isEqualTo(UsageSummary.ZERO);
        assertThat(listedPaths(store, path)).as("sessions listed under %s", path).isEmpty();
    }

    /** The session reads exactly as {@code before} (entries) and {@code usage}. */
    static void assertUnchanged(SessionStore store, SessionPath path, List<SessionEntry> before, UsageSummary usage) {
        assertThat(store.entries(path)).as("entries of %s", path).isEqualTo(before);
        assertThat(store.head(path)).as("head of %s", path)
                .isEqualTo(before.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(before.get(before.size() - 1)));
        assertThat(store.usage(path)).as("usage of %s", path).isEqualTo(usage);
    }

    // ---- concurrency ---------------------------------------------------------------------------------

    /**
     * Runs the tasks on {@value #THREADS} threads, released together by a start gate, and returns their
     * results in task order. A task's exception fails the case.
     */
    static <T> List<T> concurrently(List<Callable<T>> tasks) {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch ready = new CountDownLatch(Math.min(THREADS, tasks.size()));
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    start.await();
                    return task.call();
                }));
            }
            awaitOrFail(ready);
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(getOrFail(future));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void awaitOrFail(CountDownLatch latch) {
        try {
            if (!latch.await(PHASE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("worker threads did not start within " + PHASE_TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static <T> T getOrFail(Future<T> future) {
        try {
            return future.get(PHASE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new AssertionError("a concurrent task failed", cause);
        } catch (TimeoutException e) {
            throw new AssertionError("a concurrent task did not finish within " + PHASE_TIMEOUT_SECONDS
                    + " s: deadlock or lost wake-up in the backend?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
