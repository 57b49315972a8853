package dev.tau4j.session.springai;

import java.util.List;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.advisor.MessageChatMemoryAdvisor;
import org.springframework.ai.chat.client.advisor.api.Advisor;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.core.Ordered;

/**
 * A Spring AI {@link ChatClient} agent with one tool, backed by a scripted chat model (no network): a
 * question about the weather gets a tool call (arguments spaced, as models send them), the tool's response
 * gets an answer; anything else gets a plain answer. Each response reports usage (prompt tokens = messages
 * sent, 5 completion tokens) and an id. Deterministic: two agents given the same questions write the same
 * messages.
 */
final class ScriptedAgent {

    /** The model name the scripted model reports (the README prices it). */
    static final String MODEL = "gpt-4o-mini";

    /** The agent's tool. */
    static final class WeatherTool {
        @Tool(description = "The weather of a city")
        String weather(String city) {
            return "sunny in " + city;
        }
    }

    /** Answers from the conversation it is sent, never from state of its own. */
    static final class ScriptedModel implements ChatModel {
        private int calls;

        @Override
        public synchronized ChatResponse call(Prompt prompt) {
            calls++;
            List<Message> messages = prompt.getInstructions();
            Message last = messages.get(messages.size() - 1);
            AssistantMessage answer;
            if (last instanceof ToolResponseMessage result) {
                answer = new AssistantMessage("Result: " + result.getResponses().get(0).responseData());
            } else if (last instanceof UserMessage user && user.getText().startsWith("weather ")) {
                String city = user.getText().substring("weather ".length());
                answer = AssistantMessage.builder().toolCalls(List.of(new AssistantMessage.ToolCall(
                        "call-" + messages.size(), "function", "weather", "{ \"city\": \"" + city + "\" }"))).build();
            } else {
                answer = new AssistantMessage("You said: " + last.getText() + " (" + messages.size() + ")");
            }
            ChatResponseMetadata metadata = ChatResponseMetadata.builder().id("resp-" + calls).model(MODEL)
                    .usage(new DefaultUsage(messages.size(), 5)).build();
            return new ChatResponse(List.of(new Generation(answer)), metadata);
        }

        @Override
        public ChatOptions getOptions() {
            return ToolCallingChatOptions.builder().build();
        }
    }

    private ScriptedAgent() {
    }

    /**
     * A client whose memory advisor sits inside Spring AI's tool-calling loop (its order is after the
     * tool-calling advisor's), so tool calls and tool responses reach the memory too.
     */
    static ChatClient client(ChatMemory memory, Advisor... more) {
        return ChatClient.builder(new ScriptedModel()).defaultSystem("You are a weather bot. Be brief.")
                .defaultTools(new WeatherTool())
                .defaultAdvisors(MessageChatMemoryAdvisor.builder(memory).order(Ordered.LOWEST_PRECEDENCE - 1000).build())
                .defaultAdvisors(more).build();
    }

    /** Asks {@code question} in conversation {@code conversationId}; the answer's text. */
    static String ask(ChatClient client, String conversationId, String question) {
        return client.prompt().user(question).advisors(a -> a.param(ChatMemory.CONVERSATION_ID, conversationId))
                .call().content();
    }

    /** The question of turn {@code i}. */
    static String question(int i) {
        switch (i % 4) {
            case 0:
                return "weather Lyon-" + i;
            case 1:
                return "hello " + i;
            case 2:
                return "weather Paris-" + i;
            default:
                return "thanks";
        }
    }
}
