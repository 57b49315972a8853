package dev.tau4j.session.langchain4j;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import dev.tau4j.session.Message;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.SessionStore;
import dev.tau4j.session.SessionWindow;
import dev.tau4j.session.StaleHeadException;
import dev.tau4j.session.langchain4j.internal.MessageMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A LangChain4j {@link ChatMemoryStore} over any tau4j {@link SessionStore}, append-only (a
 * {@link SessionWindow} under the metadata name {@value #WINDOW}).
 *
 * <p>LangChain4j's chat memories hand the store their whole window on every change. This store keeps
 * every message once, as an entry of the memory's session, and keeps the window as a durable pointer:
 * the session metadata {@value #WINDOW} lists the window's entry ids, in window order. So:
 * <ul>
 *   <li>{@link #updateMessages} appends only the messages the session does not hold in the current window
 *       yet, as a chain under the session's head, and moves the pointer in the same atomic write (one
 *       {@code Append} carrying the metadata). A window that only shrank or was reordered moves the
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
    public static final int DEFAULT_MAX_ATTEMPTS = SessionWindow.DEFAULT_MAX_ATTEMPTS;

    /** What {@link #deleteMessages(Object)} does. */
    public enum DeletePolicy {
        /** Empty the window; every message stays in the session's history (the default). */
        KEEP_HISTORY,
        /** Delete the memory's session: its history, usage and metadata. */
        DELETE_SESSION
    }

    private final SessionStore store;
    private final SessionWindow window;
    private final MemoryIdMapping mapping;
    private final DeletePolicy deletePolicy;

    private SessionChatMemoryStore(Builder builder) {
        this.store = builder.store;
        this.window = SessionWindow.builder(builder.store, WINDOW).maxAttempts(builder.maxAttempts).build();
        this.mapping = builder.mapping;
        this.deletePolicy = builder.deletePolicy;
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
        List<ChatMessage> messages = new ArrayList<>();
        for (Message message : window.messages(pathOf(memoryId))) {
            messages.add(MessageMapping.toLangChain4j(message));
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
        window.write(path, wanted);
    }

    @Override
    public void deleteMessages(Object memoryId) {
        SessionPath path = pathOf(memoryId);
        if (deletePolicy == DeletePolicy.DELETE_SESSION) {
            store.deleteSession(path);
        } else {
            window.clear(path);
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
            SessionWindow.builder(store, WINDOW).maxAttempts(maxAttempts); // validates
            this.maxAttempts = maxAttempts;
            return this;
        }

        public SessionChatMemoryStore build() {
            return new SessionChatMemoryStore(this);
        }
    }
}
