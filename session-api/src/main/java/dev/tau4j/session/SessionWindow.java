package dev.tau4j.session;

import dev.tau4j.session.internal.WindowIds;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A chat framework's memory window kept in a session, append-only: the logic shared by tau4j's framework
 * adapters (LangChain4j, Spring AI), whose memories hand the store their whole window on every change.
 *
 * <p>Every message is kept once, as an entry of the session; the window is a durable pointer: the session
 * metadata named {@link #metadataName()} lists the window's entry ids, in window order (runs of consecutive
 * ids, so a window that follows the conversation is one or two runs whatever its length).
 * <ul>
 *   <li>{@link #write} appends only the messages the current window does not hold yet, as a chain under the
 *       session's head, and moves the pointer in the same atomic write (one {@link Append} carrying the
 *       metadata). A window that only shrank or was reordered moves the pointer alone; an unchanged window
 *       writes nothing. History is never rewritten or deleted.</li>
 *   <li>{@link #read} returns the window's entries, in window order: one page read per run of ids, so
 *       O(window), never O(history). (A window is not always a lineage suffix: after a compaction it may reuse
 *       older entries, so it is read by id runs rather than with {@link SessionStore#lineageTail}.)</li>
 *   <li>Concurrent writes of one session never lose a message: the append states the head it saw and is
 *       retried on {@link StaleHeadException} after a random, growing pause (up to {@link Builder#maxAttempts(int)}
 *       attempts; then the {@link StaleHeadException} is thrown and nothing of that write was made). The window
 *       itself is last-writer-wins, as in the frameworks' own stores.</li>
 * </ul>
 * Thread-safe when the session store is.
 */
public final class SessionWindow {

    /** Default number of attempts of a write racing other writers of the same session. */
    public static final int DEFAULT_MAX_ATTEMPTS = 32;

    private final SessionStore store;
    private final String metadataName;
    private final int maxAttempts;

    private SessionWindow(Builder builder) {
        this.store = builder.store;
        this.metadataName = builder.metadataName;
        this.maxAttempts = builder.maxAttempts;
    }

    /**
     * Starts the configuration of a window kept under the session metadata name {@code metadataName}.
     *
     * @throws InvalidMetadataException when {@code metadataName} is not a valid metadata name
     */
    public static Builder builder(SessionStore store, String metadataName) {
        return new Builder(store, metadataName);
    }

    /** The session store holding the windows. */
    public SessionStore store() {
        return store;
    }

    /** The session metadata name holding a window's entry ids. */
    public String metadataName() {
        return metadataName;
    }

    /**
     * The window's entries, in window order; empty when no window was written (or it was cleared).
     *
     * @throws StoreFailureException when the pointer names entries the session does not hold
     */
    public List<SessionEntry> read(SessionPath path) {
        return read(path, store.metadata(path).get(metadataName));
    }

    /** The messages of {@link #read}. */
    public List<Message> messages(SessionPath path) {
        List<Message> messages = new ArrayList<>();
        read(path).forEach(e -> messages.add(e.message()));
        return messages;
    }

    /**
     * Makes {@code messages} the window: appends what the window does not hold yet and moves the pointer,
     * atomically, retrying a write that raced another writer.
     *
     * @throws StaleHeadException when every attempt raced another writer; nothing of this write was made
     */
    public void write(SessionPath path, List<Message> messages) {
        Objects.requireNonNull(path, "path");
        List<Message> wanted = List.copyOf(Objects.requireNonNull(messages, "messages"));
        for (int attempt = 1; ; attempt++) {
            try {
                attempt(path, wanted);
                return;
            } catch (StaleHeadException e) {
                if (attempt >= maxAttempts) {
                    throw e;
                }
                backOff(attempt, e);
            }
        }
    }

    /** Empties the window (removes the pointer); the history stays. */
    public void clear(SessionPath path) {
        store.updateMetadata(path, MetadataUpdate.remove(metadataName));
    }

    /** Waits a random 1 ms up to 2^attempt ms (at most 100 ms), so racing writers spread out. */
    private static void backOff(int attempt, StaleHeadException conflict) {
        long bound = Math.min(100, 1L << Math.min(attempt, 10));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, bound + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw conflict;
        }
    }

    /** One attempt: reuse what the window holds, append the rest under the head seen, move the pointer. */
    private void attempt(SessionPath path, List<Message> wanted) {
        // One read for the pointer and the head: the session's listing row.
        List<SessionSummary> listed = store.listSessions(SessionListing.under(path).limit(1));
        SessionSummary session = listed.isEmpty() || !listed.get(0).path().equals(path) ? null : listed.get(0);
        String storedText = session == null ? null : session.metadata().get(metadataName);
        long head = session == null ? 0L : session.headId().orElse(0L);
        List<SessionEntry> stored = read(path, storedText);

        List<Long> ids = new ArrayList<>(wanted.size());
        List<Message> fresh = new ArrayList<>();
        int next = 0;
        for (Message message : wanted) {
            int found = -1;
            for (int i = next; i < stored.size(); i++) {
                if (stored.get(i).message().equals(message)) {
                    found = i;
                    break;
                }
            }
            if (found >= 0) {
                ids.add(stored.get(found).id());
                next = found + 1;
            } else {
                fresh.add(message);
                ids.add(head + fresh.size()); // the ids of an append are the next ones after the head
            }
        }
        String text = WindowIds.encode(ids);
        if (fresh.isEmpty()) {
            if (!text.equals(storedText == null ? "" : storedText)) {
                store.updateMetadata(path,
                        text.isEmpty() ? MetadataUpdate.remove(metadataName) : MetadataUpdate.put(metadataName, text));
            }
            return;
        }
        if (text.getBytes(StandardCharsets.UTF_8).length > MetadataUpdate.MAX_VALUE_BYTES) {
            // Too fragmented to point at: write the window again as one chain (one run of ids).
            fresh = wanted;
            ids = new ArrayList<>();
            for (int i = 1; i <= wanted.size(); i++) {
                ids.add(head + i);
            }
            text = WindowIds.encode(ids);
        }
        Append.Builder append = Append.to(path).messages(fresh).metadata(metadataName, text);
        if (head == 0) {
            append.expectEmpty();
        } else {
            append.under(head).expectHead(head);
        }
        List<SessionEntry> created = store.append(append.build());
        if (created.get(0).id() != head + 1) {
            // A backend whose ids skip: point at the ids it gave (a second write; tau4j's backends never skip).
            List<Long> actual = new ArrayList<>(ids.size());
            for (long id : ids) {
                actual.add(id > head ? created.get((int) (id - head - 1)).id() : id);
            }
            store.updateMetadata(path, MetadataUpdate.put(metadataName, WindowIds.encode(actual)));
        }
    }

    /** The entries the encoded window names, in window order: one page read per run of ids. */
    private List<SessionEntry> read(SessionPath path, String text) {
        List<SessionEntry> entries = new ArrayList<>();
        for (WindowIds.Run run : WindowIds.decode(text)) {
            long after = run.first() - 1;
            while (after < run.last()) {
                int limit = (int) Math.min(run.last() - after, SessionStore.MAX_ENTRY_PAGE);
                List<SessionEntry> page = store.entries(path, after, limit);
                if (page.size() != limit || page.get(page.size() - 1).id() != after + limit) {
                    throw new StoreFailureException("the window of session '" + path + "' names entries "
                            + (after + 1) + ".." + (after + limit) + ", which it does not hold", null);
                }
                entries.addAll(page);
                after += limit;
            }
        }
        return entries;
    }

    @Override
    public String toString() {
        return "SessionWindow[" + metadataName + " in " + store + "]";
    }

    /** Configures a {@link SessionWindow}. */
    public static final class Builder {
        private final SessionStore store;
        private final String metadataName;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;

        private Builder(SessionStore store, String metadataName) {
            this.store = Objects.requireNonNull(store, "store");
            this.metadataName = MetadataUpdate.requireName(metadataName);
        }

        /** Attempts of a write that races other writers of the same session, 1..1000 (default 32). */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1 || maxAttempts > 1000) {
                throw new IllegalArgumentException("maxAttempts must be between 1 and 1000, got " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        public SessionWindow build() {
            return new SessionWindow(this);
        }
    }
}
