package dev.tau4j.session.langchain4j;

import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.memory.chat.ChatMemoryProvider;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.SystemMessage;
import java.util.List;

/**
 * A LangChain4j {@code AiServices} agent with one tool, backed by a scripted chat model (no network):
 * a question about the weather gets a tool call (arguments spaced, as models send them), the tool's
 * result gets an answer; anything else gets a plain answer. Deterministic: two agents given the same
 * questions write the same messages.
 */
final class ScriptedAgent {

    /** The agent's interface. */
    interface Assistant {
        @SystemMessage("You are a weather bot. Be brief.")
        String chat(@MemoryId String memoryId, @dev.langchain4j.service.UserMessage String question);
    }

    /** The agent's tool. */
    static final class WeatherTool {
        @Tool("The weather of a city")
        String weather(String city) {
            if (city.startsWith("Nowhere")) {
                throw new IllegalArgumentException("unknown city " + city);
            }
            return "sunny in " + city;
        }
    }

    /** Answers from the conversation it is sent, never from state of its own. */
    static final class ScriptedModel implements ChatModel {
        @Override
        public ChatResponse doChat(ChatRequest request) {
            List<ChatMessage> messages = request.messages();
            ChatMessage last = messages.get(messages.size() - 1);
            AiMessage answer;
            if (last instanceof ToolExecutionResultMessage result) {
                answer = AiMessage.from("Result: " + result.text());
            } else if (last instanceof UserMessage user && user.singleText().startsWith("weather ")) {
                String city = user.singleText().substring("weather ".length());
                answer = AiMessage.from(ToolExecutionRequest.builder().id("call-" + messages.size()).name("weather")
                        .arguments("{ \"arg0\": \"" + city + "\" }").build());
            } else {
                answer = AiMessage.from("You said: " + ((UserMessage) last).singleText() + " (" + messages.size() + ")");
            }
            return ChatResponse.builder().aiMessage(answer).tokenUsage(new TokenUsage(messages.size(), 5)).build();
        }
    }

    private ScriptedAgent() {
    }

    static Assistant assistant(ChatMemoryProvider memories) {
        return AiServices.builder(Assistant.class).chatModel(new ScriptedModel()).chatMemoryProvider(memories)
                .tools(new WeatherTool()).build();
    }

    /** The question of turn {@code i}. */
    static String question(int i) {
        switch (i % 4) {
            case 0:
                return "weather Lyon-" + i;
            case 1:
                return "hello " + i;
            case 2:
                return i % 8 == 2 ? "weather Nowhere-" + i : "weather Paris-" + i;
            default:
                return "thanks";
        }
    }
}
