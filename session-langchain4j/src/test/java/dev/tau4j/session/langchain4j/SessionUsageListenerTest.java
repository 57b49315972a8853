package dev.tau4j.session.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.ChatRequestOptions;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import dev.tau4j.session.PriceTable;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.SessionStore;
import dev.tau4j.session.UsageSummary;
import dev.tau4j.session.memory.InMemorySessionStore;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("SessionUsageListener records each response's usage and exact cost in the conversation's session")
class SessionUsageListenerTest {

    /** A model answering with fixed usage, a response id per call, and the listener attached. */
    private static ChatModel model(ChatModelListener listener, String responseId) {
        return new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                return ChatResponse.builder().aiMessage(AiMessage.from("ok")).id(responseId).modelName("mini")
                        .tokenUsage(new TokenUsage(1_234, 567)).build();
            }

            @Override
            public List<ChatModelListener> listeners() {
                return List.of(listener);
            }
        };
    }

    private static ChatRequestOptions forMemory(Object id) {
        return ChatRequestOptions.builder().addListenerAttribute(SessionUsageListener.MEMORY_ID, id).build();
    }

    @Test
    @DisplayName("tokens and cost add up exactly, a response id is recorded once, other memories are untouched")
    void records() {
        SessionStore store = InMemorySessionStore.create();
        SessionUsageListener listener = SessionUsageListener.builder(store)
                .prices(PriceTable.builder().model("mini", "0.15", "0.600001").build()).build();
        ChatRequest request = ChatRequest.builder().messages(UserMessage.from("hi")).build();
        for (int i = 0; i < 1_000; i++) {
            model(listener, "resp-" + i).chat(request, forMemory("chat-7"));
        }
        model(listener, "resp-0").chat(request, forMemory("chat-7")); // the same response again: not counted
        model(listener, null).chat(request, ChatRequestOptions.EMPTY); // no memory id: nothing recorded

        // per response: 1234 x 0.15 / 1e6 + 567 x 0.600001 / 1e6 = 0.0001851 + 0.000340200567 = 0.000525300567
        assertThat(store.usage(SessionPath.of("langchain4j/chat-7")))
                .isEqualTo(new UsageSummary(1_234_000, 567_000, 1_801_000, new BigDecimal("0.525300567")));
        assertThat(store.listSessions(dev.tau4j.session.SessionListing.all())).hasSize(1);
    }

    @Test
    @DisplayName("a model without a price records tokens at zero cost; bad prices are refused")
    void prices() {
        SessionStore store = InMemorySessionStore.create();
        SessionUsageListener listener = SessionUsageListener.builder(store).pathPrefix("usage").build();
        model(listener, "r").chat(ChatRequest.builder().messages(UserMessage.from("hi")).build(), forMemory("m"));
        assertThat(store.usage(SessionPath.of("usage/m"))).isEqualTo(new UsageSummary(1_234, 567, 1_801, BigDecimal.ZERO));
        assertThatThrownBy(() -> PriceTable.builder().model("x", "0.0000001", "1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PriceTable.builder().model("x", "-1", "1")).isInstanceOf(IllegalArgumentException.class);
    }
}
