package dev.tau4j.session.springai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tau4j.session.PriceTable;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.SessionStore;
import dev.tau4j.session.UsageSummary;
import dev.tau4j.session.memory.InMemorySessionStore;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.Prompt;
import reactor.core.publisher.Flux;

/** {@link SessionUsageAdvisor} through a real {@link ChatClient}, calls and streams, no network. */
@DisplayName("SessionUsageAdvisor records each response's usage and exact cost in the conversation's session")
class SessionUsageAdvisorTest {

    /** Answers with a fixed id and usage; streams three chunks, the usage in the last one, as providers do. */
    static final class FixedModel implements ChatModel {
        private final String id;

        FixedModel(String id) {
            this.id = id;
        }

        @Override
        public ChatResponse call(Prompt prompt) {
            return response("ok", new DefaultUsage(100, 20));
        }

        @Override
        public Flux<ChatResponse> stream(Prompt prompt) {
            return Flux.just(response("o", null), response("k", null), response("", new DefaultUsage(100, 20)));
        }

        private ChatResponse response(String text, DefaultUsage usage) {
            ChatResponseMetadata.Builder metadata = ChatResponseMetadata.builder().id(id).model("gpt-4o-mini");
            if (usage != null) {
                metadata.usage(usage);
            }
            return new ChatResponse(List.of(new Generation(new AssistantMessage(text))), metadata.build());
        }
    }

    private final SessionStore store = InMemorySessionStore.create();
    private final SessionChatMemoryRepository repository = SessionChatMemoryRepository.of(store);
    private final SessionUsageAdvisor advisor = SessionUsageAdvisor.builder(repository)
            .prices(PriceTable.builder().model("gpt-4o-mini", "0.15", "0.60").build()).build();

    private UsageSummary usage(String conversationId) {
        return store.usage(repository.pathOf(conversationId));
    }

    @Test
    @DisplayName("a call records its tokens and exact cost; the same response id twice counts once")
    void call() {
        ChatClient client = ChatClient.builder(new FixedModel("resp-1")).defaultAdvisors(advisor).build();
        for (int i = 0; i < 2; i++) {
            client.prompt().user("hi").advisors(a -> a.param(ChatMemory.CONVERSATION_ID, "c1")).call().content();
        }
        assertThat(usage("c1").inputTokens()).isEqualTo(100);
        assertThat(usage("c1").outputTokens()).isEqualTo(20);
        assertThat(usage("c1").estimatedCostUsd()).isEqualByComparingTo(new BigDecimal("0.000027"));
    }

    @Test
    @DisplayName("a stream records once, when it completes, the usage of its chunks")
    void stream() {
        ChatClient client = ChatClient.builder(new FixedModel("resp-2")).defaultAdvisors(advisor).build();
        List<String> chunks = client.prompt().user("hi").advisors(a -> a.param(ChatMemory.CONVERSATION_ID, "c2"))
                .stream().content().collectList().block(java.time.Duration.ofSeconds(30));
        assertThat(String.join("", chunks)).isEqualTo("ok");
        assertThat(usage("c2").inputTokens()).isEqualTo(100);
        assertThat(usage("c2").outputTokens()).isEqualTo(20);
    }

    @Test
    @DisplayName("a request without a conversation id, or a response without usage, records nothing")
    void nothingToRecord() {
        ChatClient client = ChatClient.builder(new FixedModel("resp-3")).defaultAdvisors(advisor).build();
        client.prompt().user("hi").call().content();
        ChatModel noUsage = new ChatModel() {
            @Override
            public ChatResponse call(Prompt prompt) {
                return new ChatResponse(List.of(new Generation(new AssistantMessage("x"))));
            }
        };
        ChatClient.builder(noUsage).defaultAdvisors(advisor).build().prompt().user("hi")
                .advisors(a -> a.param(ChatMemory.CONVERSATION_ID, "c3")).call().content();
        assertThat(store.listSessions(dev.tau4j.session.SessionListing.under(SessionPath.of("spring-ai")))).isEmpty();
    }
}
