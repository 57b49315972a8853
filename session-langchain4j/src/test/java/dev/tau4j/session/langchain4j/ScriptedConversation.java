package dev.tau4j.session.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.AudioContent;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.memory.ChatMemory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A long, deterministic conversation, as steps applied to a chat memory: user turns (text, images,
 * audio), tool round trips with arguments in several JSON formats, failing tools, system-message
 * changes, compactions with {@code set()} and repeated messages. Every step is applied the same way to
 * the memory under test and to the reference memory.
 */
final class ScriptedConversation {

    /** One step of the script. */
    interface Step {
        void applyTo(ChatMemory memory);

        /** Whether the step is a good place for a restart of the store. */
        default boolean restartAfter() {
            return false;
        }
    }

    private ScriptedConversation() {
    }

    /** {@code turns} turns of about two to five steps each, from the seed. */
    static List<Step> steps(int turns, long seed) {
        Random random = new Random(seed);
        List<Step> steps = new ArrayList<>();
        steps.add(add(SystemMessage.from("You are a travel agent. Be brief.")));
        for (int turn = 0; turn < turns; turn++) {
            int kind = random.nextInt(10);
            steps.add(add(user(turn, random)));
            if (kind < 4) {
                String id = "call-" + turn;
                ToolExecutionRequest request = ToolExecutionRequest.builder().id(id).name("weather")
                        .arguments(arguments(turn)).build();
                ToolExecutionRequest second = ToolExecutionRequest.builder().id(id + "b").name("clock")
                        .arguments("{}").build();
                steps.add(add(kind == 0 ? AiMessage.from("Let me check.", List.of(request, second))
                        : AiMessage.from(request, second)));
                steps.add(add(ToolExecutionResultMessage.builder().id(id).toolName("weather")
                        .text("{\"temp\": " + turn % 30 + "}").isError(false).build()));
                steps.add(add(ToolExecutionResultMessage.builder().id(id + "b").toolName("clock")
                        .text(kind == 1 ? "clock unavailable" : "12:0" + turn % 10).isError(kind == 1).build()));
            }
            steps.add(add(AiMessage.from(turn % 7 == 0 ? "OK." : "Answer " + turn + ": \u00e9t\u00e9 \ud83c\udf1e")));
            if (turn % 37 == 36) {
                steps.add(add(SystemMessage.from("You are a travel agent, version " + turn + ".")));
            }
            if (turn % 53 == 52) {
                int at = turn;
                steps.add(new Step() {
                    @Override
                    public void applyTo(ChatMemory memory) {
                        List<ChatMessage> compacted = new ArrayList<>();
                        compacted.add(SystemMessage.from("You are a travel agent. Summary so far: turn " + at + "."));
                        List<ChatMessage> current = memory.messages();
                        compacted.addAll(current.subList(Math.max(1, current.size() - 3), current.size()));
                        memory.set(compacted);
                    }

                    @Override
                    public boolean restartAfter() {
                        return true;
                    }

                    @Override
                    public String toString() {
                        return "set(compacted at turn " + at + ")";
                    }
                });
            }
        }
        return steps;
    }

    private static ChatMessage user(int turn, Random random) {
        switch (random.nextInt(12)) {
            case 0:
                return UserMessage.from(TextContent.from("What is this?"),
                        ImageContent.from("https://example.com/img/" + turn + ".png"));
            case 1:
                return UserMessage.from(TextContent.from("Listen"), AudioContent.from("UklGRg==", "audio/wav"));
            case 2:
                return UserMessage.from("hi"); // repeated text: equal messages at several places
            case 3:
                return UserMessage.from(ImageContent.from("iVBORw0KGgo=", "image/png"));
            default:
                return UserMessage.from("Question " + turn + ": 'quoted' \"x\" ; drop table x");
        }
    }

    /** Argument text in formats a model may send: compact, spaced, pretty, reordered, not JSON. */
    private static String arguments(int turn) {
        switch (turn % 5) {
            case 0:
                return "{\"city\":\"Lyon\",\"day\":" + turn + "}";
            case 1:
                return "{ \"city\": \"Paris\", \"day\": " + turn + " }";
            case 2:
                return "{\n  \"day\" : " + turn + ",\n  \"city\" : \"Nice\"\n}";
            case 3:
                return "{\"n\":1.50,\"big\":12345678901234567890}";
            default:
                return "city=Lyon";
        }
    }

    private static Step add(ChatMessage message) {
        return new Step() {
            @Override
            public void applyTo(ChatMemory memory) {
                memory.add(message);
            }

            @Override
            public String toString() {
                return "add(" + message + ")";
            }
        };
    }
}
