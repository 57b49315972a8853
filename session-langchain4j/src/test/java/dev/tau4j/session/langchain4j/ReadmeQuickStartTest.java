package dev.tau4j.session.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.memory.ChatMemory;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.tau4j.session.SessionEntry;
import dev.tau4j.session.SessionStore;
import dev.tau4j.session.memory.InMemorySessionStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The README's LangChain4j quick start, run as written, with what its comments promise asserted. */
@DisplayName("The README LangChain4j quick start does what it says")
class ReadmeQuickStartTest {

    @Test
    @DisplayName("a window of 3 evicts, the history keeps all 4 messages, a restart gives the same window")
    void quickStart() {
        SessionStore sessions = InMemorySessionStore.create();
        SessionChatMemoryStore store = SessionChatMemoryStore.of(sessions);

        ChatMemory memory = MessageWindowChatMemory.builder()
                .id("chat-7").maxMessages(3).chatMemoryStore(store).build();
        memory.add(SystemMessage.from("You are terse."));
        memory.add(UserMessage.from("What is 2+2?"));
        memory.add(AiMessage.from("4"));
        memory.add(UserMessage.from("And 3+3?"));

        assertThat(memory.messages()).containsExactly(SystemMessage.from("You are terse."), AiMessage.from("4"),
                UserMessage.from("And 3+3?"));
        assertThat(sessions.entries(store.pathOf("chat-7"))).extracting(SessionEntry::id).containsExactly(1L, 2L, 3L, 4L);
        assertThat(MessageWindowChatMemory.builder().id("chat-7").maxMessages(3)
                .chatMemoryStore(SessionChatMemoryStore.of(sessions)).build()
                .messages()).isEqualTo(memory.messages());
        assertThat(store.pathOf("chat-7").value()).isEqualTo("langchain4j/chat-7");
    }

    @Test
    @DisplayName("the README shows this code")
    void readmeShowsIt() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        assertThat(readme).contains("SessionChatMemoryStore store = SessionChatMemoryStore.of(sessions);",
                "        .id(\"chat-7\").maxMessages(3).chatMemoryStore(store).build();",
                "memory.add(UserMessage.from(\"And 3+3?\"));", "<artifactId>session-langchain4j</artifactId>");
    }
}
