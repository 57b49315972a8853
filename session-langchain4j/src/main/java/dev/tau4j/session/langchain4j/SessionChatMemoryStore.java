package dev.tau4j.session.langchain4j;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import dev.tau4j.session.Append;
import dev.tau4j.session.MetadataUpdate;
import dev.tau4j.session.Message;
import dev.tau4j.session.SessionEntry;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.SessionStore;
import dev.tau4j.session.StaleHeadException;
import dev.tau4j.session.StoreFailureException;
import dev.tau4j.session.langchain4j.internal.MessageMapping;
import dev.tau4j.session.langchain4j.internal.WindowIds;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A LangChain4j {@link ChatMemoryStore} over any tau4j {@link SessionStore}, append-only.
 *
 * <p>LangChain4j's chat memories hand the store their whole window on every change. This store keeps
 * every message once, as an entry of the memory's session, and keeps the window as a durable pointer:
 * the session metadata {@value #WINDOW} lists the window's entry ids, in window order. So:
 * <ul>
 *   <li>{@link #updateMessages} appends only the messages the session does not hold in the current window
 *       yet, as a chain under the session's head, and moves the pointer in the same atomic write (one
 *       {@link Append} carrying the metadata). A window that only shrank or was reordered moves the
 *       pointer alone. History is never rewritten or deleted: evicted messages stay readable through the
 *       {@link SessionStore}.</li>
 *   <li>{@link #getMessages} returns exactly the list last written, equal message for message, also from a
 *       new store instance after a restart; it reads the window's entries only (one page read per run of
 *       consecutive ids), never the whole history.</li>
 *   <li>Concurrent updates of one memory never lose a message: the append states the head it saw and is
 *       retried on {@link StaleHeadException} after a random, growing pause (up to {@link Builder#maxAttempts(int)}
 *       attempts; then the {@link StaleHeadException} is thrown and nothing of that update was written). The window
 *       itself is last-writer-wins, as in LangChain4j's own stores.</li>
 *   <li>A message that cannot be kept exactly is refused with {@link UnsupportedChatMessageException}
 *       before anything is written; an id that cannot name a session with {@link InvalidMemoryIdException}.</li>
 *   <li>{@link #deleteMessages} empties the window and keeps the history by default
 *       ({@link DeletePolicy#KEEP_HISTORY}): LangChain4j calls it from {@code ChatMemory.clear()}, which asks
 *       for a fresh conversation, not for erasure; to erase, choose {@link DeletePolicy#DELETE_SESSION} or
 *       call {@link SessionStore#deleteSession(SessionPath)}.</li>
 * </ul>
 * Thread-safe when the session store is.
 *
 * <pre>{@code
 * ChatMemory memory = MessageWindowChatMemory.builder()
 *         .id("chat-7").maxMessages(20)
 *         .chatMemoryStore(SessionChatMemoryStore.of(sessionStore))
 *         .build();
 * }</pre>
 */
public final class SessionChatMemoryStore implements ChatMemoryStore {

    /** The session metadata name holding the window's entry ids. */
    public static final String WINDOW = "langchain4j.window";
    /** Default number of attempts of an update racing other writers of the same memory. */
    public static final int DEFAULT_MAX_ATTEMPTS = 32;

    /** What {@link #deleteMessages(Object)} does. */
    public enum DeletePolicy {
        /** Empty the window; every message stays in the session's history (the default). */
        KEEP_HISTORY,
        /** Delete the memory's session: its history, usage and metadata. */
        DELETE_SESSION
    }

    private final SessionStore store;
    private final MemoryIdMapping mapping;
    private final DeletePolicy deletePolicy;
    private final int maxAttempts;

    private SessionChatMemoryStore(Builder builder) {
        this.store = builder.store;
        this.mapping = builder.mapping;
        this.deletePolicy = builder.deletePolicy;
        this.maxAttempts = builder.maxAttempts;
    }

    /** A store with the defaults: {@link MemoryIdMapping#defaults()}, {@link DeletePolicy#KEEP_HISTORY}. */
    public static SessionChatMemoryStore of(SessionStore store) {
        return builder(store).build();
    }

    /** Starts the configuration of a store over {@code store}. */
    public static Builder builder(SessionStore store) {
        return new Builder(store);
    }

    /** The session holding the memory {@code memoryId}. */
    public SessionPath pathOf(Object memoryId) {
        return Objects.requireNonNull(mapping.pathOf(memoryId), "memory id mapping returned null");
    }

    @Override
    public List<ChatMessage> getMessages(Object memoryId) {
        SessionPath path = pathOf(memoryId);
        List<ChatMessage> messages = new ArrayList<>();
        for (SessionEntry entry : window(path, store.metadata(path).get(WINDOW))) {
            messages.add(MessageMapping.toLangChain4j(entry.message()));
        }
        return messages;
    }

    @Override
    public void updateMessages(Object memoryId, List<ChatMessage> messages) {
        SessionPath path = pathOf(memoryId);
        Objects.requireNonNull(messages, "messages");
        List<Message> wanted = new ArrayList<>(messages.size());
        for (ChatMessage message : messages) {
            wanted.add(MessageMapping.toSession(message));
        }
        for (int attempt = 1; ; attempt++) {
            try {
                write(path, wanted);
                return;
            } catch (StaleHeadException e) {
                if (attempt >= maxAttempts) {
                    throw e;
                }
                backOff(attempt, e);
            }
        }
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
    private void write(SessionPath path, List<Message> wanted) {
        String storedText = store.metadata(path).get(WINDOW);
        List<SessionEntry> stored = window(path, storedText);
        long head = store.head(path).map(SessionEntry::id).orElse(0L);

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
                store.updateMetadata(path, text.isEmpty() ? MetadataUpdate.remove(WINDOW) : MetadataUpdate.put(WINDOW, text));
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
        Append.Builder append = Append.to(path).messages(fresh).metadata(WINDOW, text);
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
            store.updateMetadata(path, MetadataUpdate.put(WINDOW, WindowIds.encode(actual)));
        }
    }

    /** The entries the encoded window names, in window order: one page read per run of ids. */
    private List<SessionEntry> window(SessionPath path, String text) {
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
    public void deleteMessages(Object memoryId) {
        SessionPath path = pathOf(memoryId);
        if (deletePolicy == DeletePolicy.DELETE_SESSION) {
            store.deleteSession(path);
        } else {
            store.updateMetadata(path, MetadataUpdate.remove(WINDOW));
        }
    }

    @Override
    public String toString() {
        return "SessionChatMemoryStore[" + store + "]";
    }

    /** Configures a {@link SessionChatMemoryStore}; every option has a default. */
    public static final class Builder {
        private final SessionStore store;
        private MemoryIdMapping mapping = MemoryIdMapping.defaults();
        private DeletePolicy deletePolicy = DeletePolicy.KEEP_HISTORY;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;

        private Builder(SessionStore store) {
            this.store = Objects.requireNonNull(store, "store");
        }

        /** Which session holds each memory (default {@link MemoryIdMapping#defaults()}). */
        public Builder mapping(MemoryIdMapping mapping) {
            this.mapping = Objects.requireNonNull(mapping, "mapping");
            return this;
        }

        /** Same as {@code mapping(MemoryIdMapping.prefixed(prefix))}. */
        public Builder pathPrefix(String prefix) {
            return mapping(MemoryIdMapping.prefixed(prefix));
        }

        /** What {@link #deleteMessages(Object)} does (default {@link DeletePolicy#KEEP_HISTORY}). */
        public Builder deletePolicy(DeletePolicy deletePolicy) {
            this.deletePolicy = Objects.requireNonNull(deletePolicy, "deletePolicy");
            return this;
        }

        /** Attempts of an update that races other writers of the same memory, 1..1000 (default 32). */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1 || maxAttempts > 1000) {
                throw new IllegalArgumentException("maxAttempts must be between 1 and 1000, got " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        public SessionChatMemoryStore build() {
            return new SessionChatMemoryStore(this);
        }
    }
}
