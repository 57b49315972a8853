package dev.tau4j.session.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.AudioContent;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.CustomMessage;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.PdfFileContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.data.message.VideoContent;
import dev.tau4j.session.ContentBlock;
import dev.tau4j.session.Message;
import dev.tau4j.session.MessageCodec;
import dev.tau4j.session.Role;
import dev.tau4j.session.langchain4j.internal.MessageMapping;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("LangChain4j messages map to Tau's messages and back exactly")
class MessageMappingTest {

    /** Through the mapping AND the codec's JSON, as storage does. */
    private static ChatMessage roundTrip(ChatMessage message) {
        Message stored = MessageCodec.decode(MessageCodec.encode(MessageMapping.toSession(message)));
        return MessageMapping.toLangChain4j(stored);
    }

    private static ToolExecutionRequest request(String id, String arguments) {
        return ToolExecutionRequest.builder().id(id).name("search").arguments(arguments).build();
    }

    @Test
    @DisplayName("every kept message type reads back equal")
    void everyType() {
        List<ChatMessage> messages = List.of(
                SystemMessage.from("You are terse. \u00e9 \ud83c\udf1e"),
                UserMessage.from("hi"),
                UserMessage.from(TextContent.from("look"), ImageContent.from("https://example.com/a.png")),
                UserMessage.from(ImageContent.from("iVBORw0KGgo=", "image/png")),
                UserMessage.from(AudioContent.from("https://example.com/a.wav")),
                UserMessage.from(AudioContent.from("UklGRg==", "audio/wav")),
                AiMessage.from("plain"),
                AiMessage.from(""),
                AiMessage.from(request("c1", "{\"q\":\"x\"}")),
                AiMessage.from("thinking aloud", List.of(request("c1", "{}"), request("c2", "[1,2]"))),
                ToolExecutionResultMessage.from(request("c1", "{}"), "result"),
                ToolExecutionResultMessage.builder().id("c1").toolName("search").text("boom").isError(true).build(),
                ToolExecutionResultMessage.builder().id("c1").toolName("search").text("fine").isError(false).build());
        for (ChatMessage message : messages) {
            ChatMessage back = roundTrip(message);
            if (message instanceof ToolExecutionResultMessage result && result.isError() == null) {
                // is_error is a boolean in Tau's format: "not said" reads back as false (what AiServices writes).
                assertThat(back).isEqualTo(ToolExecutionResultMessage.builder().id(result.id())
                        .toolName(result.toolName()).text(result.text()).isError(false).build());
            } else {
                assertThat(back).as("%s", message).isEqualTo(message);
            }
        }
    }

    @Test
    @DisplayName("tool call arguments are kept byte for byte, as JSON when they are compact JSON")
    void argumentsByteExact() {
        for (String arguments : new String[] {"{\"city\":\"Lyon\",\"day\":3}", "{ \"city\": \"Lyon\" }",
                "{\n  \"b\" : 1,\n  \"a\" : 2\n}", "{\"n\":1.50,\"big\":12345678901234567890}", "[1, 2]", "city=Lyon",
                "\"quoted\"", "42", "", "{\"unterminated\":", null}) {
            AiMessage message = AiMessage.from(request("c", arguments));
            AiMessage back = (AiMessage) roundTrip(message);
            assertThat(back.toolExecutionRequests().get(0).arguments()).as("arguments %s", arguments).isEqualTo(arguments);
            assertThat(back).isEqualTo(message);
        }
        ContentBlock.ToolCall compact = (ContentBlock.ToolCall) MessageMapping
                .toSession(AiMessage.from(request("c", "{\"city\":\"Lyon\"}"))).content().get(0);
        assertThat(compact.arguments().isObject()).as("compact JSON is kept as JSON, readable by Tau").isTrue();
        Message pretty = MessageMapping.toSession(AiMessage.from(request("c", "{ \"city\": \"Lyon\" }")));
        assertThat(((ContentBlock.ToolCall) pretty.content().get(0)).arguments().isTextual()).isTrue();
        assertThat(pretty.role()).isEqualTo(Role.ASSISTANT);
    }

    @Test
    @DisplayName("what cannot be kept exactly is refused with UnsupportedChatMessageException")
    void refused() {
        List<ChatMessage> refused = List.of(
                CustomMessage.from(Map.of("k", "v")),
                UserMessage.from("bob", "named user"),
                UserMessage.from(PdfFileContent.from("https://example.com/a.pdf")),
                UserMessage.from(VideoContent.from("https://example.com/a.mp4")),
                UserMessage.from(ImageContent.from("https://example.com/a.png", ImageContent.DetailLevel.HIGH)),
                AiMessage.builder().text("t").thinking("hmm").build(),
                AiMessage.builder().text("t").attributes(Map.of("k", "v")).build(),
                AiMessage.from(ToolExecutionRequest.builder().name("noid").arguments("{}").build()));
        for (ChatMessage message : refused) {
            assertThatThrownBy(() -> MessageMapping.toSession(message)).as("%s", message)
                    .isInstanceOf(UnsupportedChatMessageException.class)
                    .isInstanceOf(dev.tau4j.session.InvalidInputException.class);
        }
    }
}
