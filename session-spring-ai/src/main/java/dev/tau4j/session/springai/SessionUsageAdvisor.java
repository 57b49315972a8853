package dev.tau4j.session.springai;

import dev.tau4j.session.IdempotencyKey;
import dev.tau4j.session.InvalidInputException;
import dev.tau4j.session.PriceTable;
import dev.tau4j.session.SessionStore;
import dev.tau4j.session.UsageDelta;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.springframework.ai.chat.client.ChatClientMessageAggregator;
import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.client.advisor.api.CallAdvisor;
import org.springframework.ai.chat.client.advisor.api.CallAdvisorChain;
import org.springframework.ai.chat.client.advisor.api.StreamAdvisor;
import org.springframework.ai.chat.client.advisor.api.StreamAdvisorChain;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.core.Ordered;
import reactor.core.publisher.Flux;

/**
 * A Spring AI advisor ({@link CallAdvisor} and {@link StreamAdvisor}) that adds each {@link ChatResponse}'s
 * token usage, and its cost from a {@link PriceTable} (exact decimals), to the usage summary of the
 * conversation's session: the session {@link SessionChatMemoryRepository#pathOf(String)} names, so usage and
 * messages share a session.
 *
 * <p>Which conversation: the request context's {@link ChatMemory#CONVERSATION_ID}, the parameter Spring AI's
 * memory advisors read ({@code .advisors(a -> a.param(ChatMemory.CONVERSATION_ID, "chat-7"))}), or wherever
 * {@link Builder#conversationId(Function)} says. A response without a conversation id or without usage (no
 * counts, or all zero) records nothing. A stream is recorded once, when it completes, with the usage Spring AI's
 * {@link ChatClientMessageAggregator} takes from its chunks (the last counts reported, as providers report usage
 * in the final chunk).
 *
 * <p>Order: by default {@link #DEFAULT_ORDER}, outside Spring AI's memory advisor and tool-calling advisor, so
 * one call records once, with the usage Spring AI accumulates over every tool round of the call.
 *
 * <p>Each response is recorded at most once: with the response's id as idempotency key when the model gives
 * one. The usage is a write of its own, not part of the append of the assistant message: Spring AI's memory
 * advisor saves the message through {@code ChatMemoryRepository.saveAll}, whose arguments carry no usage, and
 * advisors see the response only after or before that save, so one atomic write of both is not possible.
 * Thread-safe.
 */
public final class SessionUsageAdvisor implements CallAdvisor, StreamAdvisor {

    /** Before Spring AI's chat-memory advisors ({@code HIGHEST_PRECEDENCE + 200}) and its tool-calling advisor. */
    public static final int DEFAULT_ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

    private static final String KEY_PREFIX = "spring-ai-response:";

    private final SessionChatMemoryRepository repository;
    private final PriceTable prices;
    private final int order;
    private final Function<Map<String, Object>, String> conversationId;

    private SessionUsageAdvisor(Builder builder) {
        this.repository = builder.repository;
        this.prices = builder.prices;
        this.order = builder.order;
        this.conversationId = builder.conversationId;
    }

    /** Starts the configuration of an advisor writing to the sessions of {@code repository}. */
    public static Builder builder(SessionChatMemoryRepository repository) {
        return new Builder(repository);
    }

    @Override
    public ChatClientResponse adviseCall(ChatClientRequest request, CallAdvisorChain chain) {
        ChatClientResponse response = chain.nextCall(request);
        record(conversationId.apply(request.context()), response.chatResponse());
        return response;
    }

    @Override
    public Flux<ChatClientResponse> adviseStream(ChatClientRequest request, StreamAdvisorChain chain) {
        String id = conversationId.apply(request.context());
        return new ChatClientMessageAggregator().aggregateChatClientResponse(chain.nextStream(request),
                aggregated -> record(id, aggregated.chatResponse()));
    }

    /**
     * Records the usage of {@code response} in conversation {@code id}'s session.
     *
     * @throws InvalidInputException when the id names no session or the usage is refused
     */
    private void record(String id, ChatResponse response) {
        ChatResponseMetadata metadata = response == null ? null : response.getMetadata();
        Usage usage = metadata == null ? null : metadata.getUsage();
        if (id == null || usage == null) {
            return;
        }
        long input = count(usage.getPromptTokens());
        long output = count(usage.getCompletionTokens());
        long total = usage.getTotalTokens() != null ? usage.getTotalTokens() : input + output;
        if (input == 0 && output == 0 && total == 0) {
            return; // Spring AI reports "no usage" as zeros (EmptyUsage, an aggregated stream without usage)
        }
        UsageDelta delta = prices.usage(metadata.getModel(), input, output, total);
        SessionStore store = repository.store();
        String responseId = metadata.getId();
        if (responseId != null && !responseId.isEmpty()
                && responseId.length() <= IdempotencyKey.MAX_LENGTH - KEY_PREFIX.length()) {
            store.recordUsage(repository.pathOf(id), delta, IdempotencyKey.of(KEY_PREFIX + responseId));
        } else {
            store.recordUsage(repository.pathOf(id), delta);
        }
    }

    private static long count(Integer tokens) {
        return tokens == null ? 0 : tokens;
    }

    @Override
    public String getName() {
        return "SessionUsageAdvisor";
    }

    @Override
    public int getOrder() {
        return order;
    }

    /** Configures a {@link SessionUsageAdvisor}; every option has a default. */
    public static final class Builder {
        private final SessionChatMemoryRepository repository;
        private PriceTable prices = PriceTable.NONE;
        private int order = DEFAULT_ORDER;
        private Function<Map<String, Object>, String> conversationId = context -> {
            Object id = context.get(ChatMemory.CONVERSATION_ID);
            return id == null ? null : id.toString();
        };

        private Builder(SessionChatMemoryRepository repository) {
            this.repository = Objects.requireNonNull(repository, "repository");
        }

        /** Prices of the models (default {@link PriceTable#NONE}: costs are zero). */
        public Builder prices(PriceTable prices) {
            this.prices = Objects.requireNonNull(prices, "prices");
            return this;
        }

        /** The advisor's order (default {@link #DEFAULT_ORDER}). */
        public Builder order(int order) {
            this.order = order;
            return this;
        }

        /**
         * Where the conversation id of a request comes from (default: the context parameter
         * {@link ChatMemory#CONVERSATION_ID}); null means "record nothing".
         */
        public Builder conversationId(Function<Map<String, Object>, String> conversationId) {
            this.conversationId = Objects.requireNonNull(conversationId, "conversationId");
            return this;
        }

        public SessionUsageAdvisor build() {
            return new SessionUsageAdvisor(this);
        }
    }
}
