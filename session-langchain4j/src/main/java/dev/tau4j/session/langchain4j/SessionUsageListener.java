package dev.tau4j.session.langchain4j;

import dev.langchain4j.model.chat.ChatRequestOptions;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import dev.tau4j.session.IdempotencyKey;
import dev.tau4j.session.InvalidInputException;
import dev.tau4j.session.SessionStore;
import dev.tau4j.session.PriceTable;
import dev.tau4j.session.UsageDelta;
import java.util.Objects;
import java.util.function.Function;

/**
 * A LangChain4j {@link ChatModelListener} that adds each response's token usage, and its cost from a
 * {@link PriceTable} (exact decimals), to the usage summary of the conversation's session.
 *
 * <p>Which conversation: LangChain4j 1.19 does not hand a chat memory id to model listeners, so the
 * listener reads it from the request's listener attributes, under {@link #MEMORY_ID} by default
 * ({@code ChatRequestOptions.builder().addListenerAttribute(SessionUsageListener.MEMORY_ID, "chat-7")}),
 * or wherever {@link Builder#memoryId(Function)} says. A response without a memory id or without token
 * usage records nothing. The memory id maps to a session like {@link SessionChatMemoryStore}'s (same
 * {@link MemoryIdMapping}), so usage and messages share a session.
 *
 * <p>Each response is recorded at most once: with the response's id as idempotency key when the model
 * gives one (a retried listener call adds nothing). The usage is a write of its own, not part of the
 * append of the assistant message: LangChain4j writes the message to memory and notifies listeners
 * separately. Thread-safe.
 */
public final class SessionUsageListener implements ChatModelListener {

    /** The listener attribute holding the memory id, by default. */
    public static final String MEMORY_ID = "tau4j.memoryId";

    private final SessionStore store;
    private final MemoryIdMapping mapping;
    private final PriceTable prices;
    private final Function<ChatModelResponseContext, Object> memoryId;

    private SessionUsageListener(Builder builder) {
        this.store = builder.store;
        this.mapping = builder.mapping;
        this.prices = builder.prices;
        this.memoryId = builder.memoryId;
    }

    /** Starts the configuration of a listener writing to {@code store}. */
    public static Builder builder(SessionStore store) {
        return new Builder(store);
    }

    /**
     * Records the usage of the response.
     *
     * @throws InvalidInputException when the memory id names no session or the usage is refused
     */
    @Override
    public void onResponse(ChatModelResponseContext context) {
        ChatResponse response = context.chatResponse();
        TokenUsage usage = response == null ? null : response.tokenUsage();
        Object id = memoryId.apply(context);
        if (usage == null || id == null) {
            return;
        }
        long input = count(usage.inputTokenCount());
        long output = count(usage.outputTokenCount());
        long total = usage.totalTokenCount() != null ? usage.totalTokenCount() : input + output;
        String model = response.modelName() != null ? response.modelName() : context.chatRequest().modelName();
        UsageDelta delta = prices.usage(model, input, output, total);
        if (response.id() != null && !response.id().isEmpty()
                && response.id().length() <= IdempotencyKey.MAX_LENGTH - "langchain4j-response:".length()) {
            store.recordUsage(mapping.pathOf(id), delta, IdempotencyKey.of("langchain4j-response:" + response.id()));
        } else {
            store.recordUsage(mapping.pathOf(id), delta);
        }
    }

    private static long count(Integer tokens) {
        return tokens == null ? 0 : tokens;
    }

    /** Configures a {@link SessionUsageListener}; every option has a default. */
    public static final class Builder {
        private final SessionStore store;
        private MemoryIdMapping mapping = MemoryIdMapping.defaults();
        private PriceTable prices = PriceTable.NONE;
        private Function<ChatModelResponseContext, Object> memoryId = c -> c.attributes().get(MEMORY_ID);

        private Builder(SessionStore store) {
            this.store = Objects.requireNonNull(store, "store");
        }

        /** Which session holds each memory (default {@link MemoryIdMapping#defaults()}, as the chat memory store's). */
        public Builder mapping(MemoryIdMapping mapping) {
            this.mapping = Objects.requireNonNull(mapping, "mapping");
            return this;
        }

        /** Same as {@code mapping(MemoryIdMapping.prefixed(prefix))}. */
        public Builder pathPrefix(String prefix) {
            return mapping(MemoryIdMapping.prefixed(prefix));
        }

        /** Prices of the models (default {@link PriceTable#NONE}: costs are zero). */
        public Builder prices(PriceTable prices) {
            this.prices = Objects.requireNonNull(prices, "prices");
            return this;
        }

        /**
         * Where the memory id of a response comes from (default: the listener attribute {@link #MEMORY_ID},
         * set with {@link ChatRequestOptions}); null means "record nothing".
         */
        public Builder memoryId(Function<ChatModelResponseContext, Object> memoryId) {
            this.memoryId = Objects.requireNonNull(memoryId, "memoryId");
            return this;
        }

        public SessionUsageListener build() {
            return new SessionUsageListener(this);
        }
    }
}
