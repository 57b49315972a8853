package dev.tau4j.session.springai;

import dev.tau4j.session.InvalidInputException;
import dev.tau4j.session.SessionListing;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.SessionStore;
import dev.tau4j.session.SessionSummary;
import dev.tau4j.session.SessionWindow;
import dev.tau4j.session.StaleHeadException;
import dev.tau4j.session.springai.internal.MessageMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.ai.chat.memory.ChatMemoryRepository;
import org.springframework.ai.chat.memory.MessageWindowChatMemory;
import org.springframework.ai.chat.messages.Message;

/**
 * A Spring AI {@link ChatMemoryRepository} over any tau4j {@link SessionStore}, append-only: conversation
 * {@code chat-7} lives in session {@code <prefix>/chat-7} (default prefix {@value #DEFAULT_PREFIX}), as a
 * {@link SessionWindow} under the metadata name {@value #WINDOW}.
 *
 * <p>Spring AI's {@link MessageWindowChatMemory} hands the repository its whole window on every change; where
 * Spring AI's JDBC repository deletes and re-inserts every row, this repository:
 * <ul>
 *   <li>{@link #saveAll} appends only the messages the stored window does not hold yet and moves the durable
 *       window pointer in the same atomic write; history is never rewritten or deleted (evicted messages stay
 *       readable through the {@link SessionStore}); concurrent saves of one conversation never lose a message
 *       (optimistic append, retried on {@link StaleHeadException}).</li>
 *   <li>{@link #findByConversationId} returns the list last saved, also from a new repository after a restart,
 *       reading the window's entries only (O(window), never O(history)). Message metadata is not kept (like
 *       Spring AI's own repositories): the messages read back carry only their {@code messageType}.</li>
 *   <li>Tool calls ({@link org.springframework.ai.chat.messages.AssistantMessage.ToolCall}, arguments byte for
 *       byte) and tool responses are kept; what cannot be kept is refused with {@link UnsupportedMessageException}
 *       before anything is written, an id that cannot name a session with {@link InvalidConversationIdException}.</li>
 *   <li>{@link #deleteByConversationId} empties the window and keeps the history by default
 *       ({@link DeletePolicy#KEEP_HISTORY}: {@code ChatMemory.clear} asks for a fresh conversation, not for
 *       erasure); {@link DeletePolicy#DELETE_SESSION} erases the session.</li>
 *   <li>{@link #findConversationIds} lists the conversations under the prefix whose window is not empty.</li>
 * </ul>
 * Thread-safe when the session store is.
 *
 * <pre>{@code
 * ChatMemory memory = MessageWindowChatMemory.builder()
 *         .chatMemoryRepository(SessionChatMemoryRepository.of(sessionStore))
 *         .maxMessages(20)
 *         .build();
 * }</pre>
 */
public final class SessionChatMemoryRepository implements ChatMemoryRepository {

    /** The session metadata name holding the window's entry ids. */
    public static final String WINDOW = "spring-ai.window";
    /** The default path prefix: conversation {@code chat-7} lives in session {@code spring-ai/chat-7}. */
    public static final String DEFAULT_PREFIX = "spring-ai";

    /** What {@link #deleteByConversationId(String)} does. */
    public enum DeletePolicy {
        /** Empty the window; every message stays in the session's history (the default). */
        KEEP_HISTORY,
        /** Delete the conversation's session: its history, usage and metadata. */
        DELETE_SESSION
    }

    private final SessionStore store;
    private final SessionWindow window;
    private final SessionPath prefix;
    private final DeletePolicy deletePolicy;

    private SessionChatMemoryRepository(Builder builder) {
        this.store = builder.store;
        this.window = SessionWindow.builder(builder.store, WINDOW).maxAttempts(builder.maxAttempts).build();
        this.prefix = builder.prefix;
        this.deletePolicy = builder.deletePolicy;
    }

    /** A repository with the defaults: prefix {@value #DEFAULT_PREFIX}, {@link DeletePolicy#KEEP_HISTORY}. */
    public static SessionChatMemoryRepository of(SessionStore store) {
        return builder(store).build();
    }

    /** Starts the configuration of a repository over {@code store}. */
    public static Builder builder(SessionStore store) {
        return new Builder(store);
    }

    /** The session store holding the conversations. */
    public SessionStore store() {
        return store;
    }

    /**
     * The session holding conversation {@code conversationId}: the prefix plus the id as one more segment.
     *
     * @throws InvalidConversationIdException when the id is null, empty or not one valid path segment
     */
    public SessionPath pathOf(String conversationId) {
        if (conversationId == null || conversationId.isEmpty() || conversationId.indexOf('/') >= 0) {
            throw new InvalidConversationIdException("conversation id " + (conversationId == null ? "null"
                    : "'" + conversationId + "'") + " must be one non-empty path segment (no '/')", null);
        }
        try {
            return prefix.child(conversationId);
        } catch (InvalidInputException e) {
            throw new InvalidConversationIdException("conversation id cannot name a session: " + e.getMessage(), e);
        }
    }

    /** The conversations under the prefix whose window is not empty, in path order. */
    @Override
    public List<String> findConversationIds() {
        List<String> ids = new ArrayList<>();
        int depth = prefix.segments().size() + 1;
        SessionListing listing = SessionListing.under(prefix).limit(SessionListing.MAX_LIMIT);
        while (true) {
            List<SessionSummary> page = store.listSessions(listing);
            for (SessionSummary session : page) {
                List<String> segments = session.path().segments();
                if (segments.size() == depth && session.metadata().containsKey(WINDOW)) {
                    ids.add(segments.get(depth - 1));
                }
            }
            if (page.size() < listing.limit()) {
                return ids;
            }
            listing = listing.after(page.get(page.size() - 1).path());
        }
    }

    @Override
    public List<Message> findByConversationId(String conversationId) {
        return MessageMapping.toSpring(window.messages(pathOf(conversationId)));
    }

    /**
     * Makes {@code messages} the conversation's window, appending only what is new.
     *
     * @throws UnsupportedMessageException when a message cannot be kept; nothing was written
     * @throws StaleHeadException          when every attempt raced another writer; nothing was written
     */
    @Override
    public void saveAll(String conversationId, List<Message> messages) {
        SessionPath path = pathOf(conversationId);
        window.write(path, MessageMapping.toSession(Objects.requireNonNull(messages, "messages")));
    }

    @Override
    public void deleteByConversationId(String conversationId) {
        SessionPath path = pathOf(conversationId);
        if (deletePolicy == DeletePolicy.DELETE_SESSION) {
            store.deleteSession(path);
        } else {
            window.clear(path);
        }
    }

    @Override
    public String toString() {
        return "SessionChatMemoryRepository[" + prefix + " in " + store + "]";
    }

    /** Configures a {@link SessionChatMemoryRepository}; every option has a default. */
    public static final class Builder {
        private final SessionStore store;
        private SessionPath prefix = SessionPath.of(DEFAULT_PREFIX);
        private DeletePolicy deletePolicy = DeletePolicy.KEEP_HISTORY;
        private int maxAttempts = SessionWindow.DEFAULT_MAX_ATTEMPTS;

        private Builder(SessionStore store) {
            this.store = Objects.requireNonNull(store, "store");
        }

        /**
         * The path under which conversations live (default {@value #DEFAULT_PREFIX}), e.g. {@code tenants/acme}.
         *
         * @throws InvalidInputException when {@code prefix} is not a valid session path
         */
        public Builder pathPrefix(String prefix) {
            this.prefix = SessionPath.of(prefix);
            return this;
        }

        /** What {@link #deleteByConversationId(String)} does (default {@link DeletePolicy#KEEP_HISTORY}). */
        public Builder deletePolicy(DeletePolicy deletePolicy) {
            this.deletePolicy = Objects.requireNonNull(deletePolicy, "deletePolicy");
            return this;
        }

        /** Attempts of a save that races other writers of the same conversation, 1..1000 (default 32). */
        public Builder maxAttempts(int maxAttempts) {
            SessionWindow.builder(store, WINDOW).maxAttempts(maxAttempts); // validates
            this.maxAttempts = maxAttempts;
            return this;
        }

        public SessionChatMemoryRepository build() {
            return new SessionChatMemoryRepository(this);
        }
    }
}
