package dev.tau4j.session.springai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tau4j.session.PriceTable;
import dev.tau4j.session.SessionEntry;
import dev.tau4j.session.SessionStore;
import dev.tau4j.session.UsageSummary;
import dev.tau4j.session.memory.InMemorySessionStore;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.advisor.MessageChatMemoryAdvisor;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.memory.MessageWindowChatMemory;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatModel;

/** The README's Spring AI quick start, run as written, with what its comments promise asserted. */
@DisplayName("The README Spring AI quick start does what it says")
class ReadmeQuickStartTest {

    @Test
    @DisplayName("a window of 3 evicts a whole turn, the history keeps every message, a restart gives the same window, usage is recorded")
    void quickStart() {
        ChatModel chatModel = new ScriptedAgent.ScriptedModel();

        SessionStore sessions = InMemorySessionStore.create();   // or PostgresSessionStore.builder()...build()
        SessionChatMemoryRepository repository = SessionChatMemoryRepository.of(sessions);

        ChatMemory memory = MessageWindowChatMemory.builder()
                .chatMemoryRepository(repository).maxMessages(3).build();
        memory.add("chat-7", new SystemMessage("You are terse."));
        memory.add("chat-7", new UserMessage("What is 2+2?"));
        memory.add("chat-7", new AssistantMessage("4"));
        memory.add("chat-7", new UserMessage("And 3+3?"));        // the window evicts the whole first turn

        assertThat(memory.get("chat-7")).containsExactly(new SystemMessage("You are terse."), new UserMessage("And 3+3?"));
        assertThat(sessions.entries(repository.pathOf("chat-7"))).extracting(SessionEntry::id)
                .containsExactly(1L, 2L, 3L, 4L);
        assertThat(MessageWindowChatMemory.builder().maxMessages(3)
                .chatMemoryRepository(SessionChatMemoryRepository.of(sessions)).build()
                .get("chat-7")).isEqualTo(memory.get("chat-7"));
        assertThat(repository.pathOf("chat-7").value()).isEqualTo("spring-ai/chat-7");

        ChatClient client = ChatClient.builder(chatModel)
                .defaultAdvisors(MessageChatMemoryAdvisor.builder(memory).build(),
                        SessionUsageAdvisor.builder(repository)
                                .prices(PriceTable.builder().model("gpt-4o-mini", "0.15", "0.60").build()).build())
                .build();
        client.prompt().user("And 4+4?")
                .advisors(a -> a.param(ChatMemory.CONVERSATION_ID, "chat-7")).call().content();
        UsageSummary usage = sessions.usage(repository.pathOf("chat-7"));   // tokens and exact cost

        // the model saw the system message, "And 3+3?" and "And 4+4?": 3 input tokens, 5 output tokens
        assertThat(usage.inputTokens()).isEqualTo(3);
        assertThat(usage.outputTokens()).isEqualTo(5);
        assertThat(usage.estimatedCostUsd()).isEqualByComparingTo(new BigDecimal("0.00000345"));
        assertThat(memory.get("chat-7")).hasSize(3).last().isInstanceOf(AssistantMessage.class);
    }

    @Test
    @DisplayName("the README shows this code")
    void readmeShowsIt() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        assertThat(readme).contains("SessionChatMemoryRepository repository = SessionChatMemoryRepository.of(sessions);",
                "        .chatMemoryRepository(repository).maxMessages(3).build();",
                "memory.add(\"chat-7\", new UserMessage(\"And 3+3?\"));",
                "        .defaultAdvisors(MessageChatMemoryAdvisor.builder(memory).build(),",
                "                .prices(PriceTable.builder().model(\"gpt-4o-mini\", \"0.15\", \"0.60\").build()).build())",
                "        .advisors(a -> a.param(ChatMemory.CONVERSATION_ID, \"chat-7\")).call().content();",
                "<artifactId>session-spring-ai</artifactId>");
    }
}
