package dev.tau4j.session.springai;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.content.Media;
import org.springframework.util.MimeType;

/**
 * A long, deterministic conversation, as steps applied to a Spring AI chat memory: user turns (text,
 * images, audio), tool round trips with arguments in several JSON formats, system-message changes,
 * compactions (clear, then a summary and the last messages) and repeated messages. Every step is applied
 * the same way to the memory under test and to the reference memory.
 */
final class ScriptedConversation {

    /** One step of the script. */
    interface Step {
        void applyTo(ChatMemory memory, String conversationId);

        /** Whether the step is a good place for a restart of the store. */
        default boolean restartAfter() {
            return false;
        }
    }

    private ScriptedConversation() {
    }

    /** {@code turns} turns of about two to four steps each, from the seed. */
    static List<Step> steps(int turns, long seed) {
        Random random = new Random(seed);
        List<Step> steps = new ArrayList<>();
        steps.add(add(new SystemMessage("You are a travel agent. Be brief.")));
        for (int turn = 0; turn < turns; turn++) {
            int kind = random.nextInt(10);
            steps.add(add(user(turn, random)));
            if (kind < 4) {
                String id = "call-" + turn;
                List<AssistantMessage.ToolCall> calls = List.of(
                        new AssistantMessage.ToolCall(id, "function", "weather", arguments(turn)),
                        new AssistantMessage.ToolCall(id + "b", "function", "clock", "{}"));
                steps.add(add(AssistantMessage.builder().content(kind == 0 ? "Let me check." : null).toolCalls(calls)
                        .build()));
                steps.add(add(ToolResponseMessage.builder().responses(List.of(
                        new ToolResponseMessage.ToolResponse(id, "weather", "{\"temp\": " + turn % 30 + "}"),
                        new ToolResponseMessage.ToolResponse(id + "b", "clock",
                                kind == 1 ? "clock unavailable" : "12:0" + turn % 10))).build()));
            }
            steps.add(add(new AssistantMessage(turn % 7 == 0 ? "OK." : "Answer " + turn + ": \u00e9t\u00e9 \ud83c\udf1e")));
            if (turn % 37 == 36) {
                steps.add(add(new SystemMessage("You are a travel agent, version " + turn + ".")));
            }
            if (turn % 53 == 52) {
                steps.add(compaction(turn));
            }
        }
        return steps;
    }

    private static Step compaction(int turn) {
        return new Step() {
            @Override
            public void applyTo(ChatMemory memory, String conversationId) {
                List<Message> current = memory.get(conversationId);
                List<Message> compacted = new ArrayList<>();
                compacted.add(new SystemMessage("You are a travel agent. Summary so far: turn " + turn + "."));
                compacted.addAll(current.subList(Math.max(1, current.size() - 3), current.size()));
                memory.clear(conversationId);
                memory.add(conversationId, compacted);
            }

            @Override
            public boolean restartAfter() {
                return true;
            }

            @Override
            public String toString() {
                return "compaction at turn " + turn;
            }
        };
    }

    private static Message user(int turn, Random random) {
        switch (random.nextInt(12)) {
            case 0:
                return UserMessage.builder().text("What is this?")
                        .media(Media.builder().mimeType(MimeType.valueOf("image/png")).data(new byte[] {1, 2, (byte) turn})
                                .build()).build();
            case 1:
                return UserMessage.builder().text("Listen")
                        .media(Media.builder().mimeType(MimeType.valueOf("audio/wav")).data(new byte[] {82, 73, 70, 70})
                                .build()).build();
            case 2:
                return new UserMessage("hi"); // repeated text: equal messages at several places
            default:
                return new UserMessage("Question " + turn + ": 'quoted' \"x\" ; drop table x");
        }
    }

    /** Argument text in formats a model may send: compact, spaced, pretty, reordered, not JSON. */
    static String arguments(int turn) {
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

    private static Step add(Message message) {
        return new Step() {
            @Override
            public void applyTo(ChatMemory memory, String conversationId) {
                memory.add(conversationId, message);
            }

            @Override
            public String toString() {
                return "add(" + message + ")";
            }
        };
    }
}
