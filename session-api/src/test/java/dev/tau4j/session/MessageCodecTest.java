package dev.tau4j.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("MessageCodec speaks Tau's JSON message format")
class MessageCodecTest {

    @Test
    @DisplayName("a system text message encodes exactly as Tau does")
    void systemTextGolden() {
        assertThat(MessageCodec.encode(Message.system("sys")))
                .isEqualTo("{\"role\":\"system\",\"content\":[{\"type\":\"text\",\"text\":\"sys\"}],\"is_error\":false}");
    }

    @Test
    @DisplayName("a tool result carries tool_call_id, tool_name and is_error in snake_case")
    void toolResultGolden() {
        Message m = Message.toolResult("call-1", "search", "no hits", true);
        assertThat(MessageCodec.encode(m)).isEqualTo("{\"role\":\"tool\",\"content\":[{\"type\":\"text\",\"text\":\"no hits\"}],"
                + "\"tool_call_id\":\"call-1\",\"tool_name\":\"search\",\"is_error\":true}");
    }

    @Test
    @DisplayName("tool calls, images and audio encode with their type tags and sources")
    void blocksGolden() throws Exception {
        ObjectNode args = new ObjectMapper().createObjectNode().put("q", "pg").put("n", 3);
        Message m = Message.builder(Role.ASSISTANT)
                .block(ContentBlock.toolCall("c1", "search", args))
                .block(ContentBlock.image(MediaSource.url("https://example.test/a.png")))
                .block(ContentBlock.audio(MediaSource.base64("audio/wav", "UklGRg==")))
                .build();
        assertThat(MessageCodec.encode(m)).isEqualTo("{\"role\":\"assistant\",\"content\":["
                + "{\"type\":\"tool_call\",\"id\":\"c1\",\"name\":\"search\",\"arguments\":{\"q\":\"pg\",\"n\":3}},"
                + "{\"type\":\"image\",\"source\":{\"type\":\"url\",\"url\":\"https://example.test/a.png\"}},"
                + "{\"type\":\"audio\",\"source\":{\"type\":\"base64\",\"mime_type\":\"audio/wav\",\"data\":\"UklGRg==\"}}"
                + "],\"is_error\":false}");
        assertThat(MessageCodec.decode(MessageCodec.encode(m))).isEqualTo(m);
    }

    @Test
    @DisplayName("is_error defaults to false and unknown top-level fields are ignored when decoding")
    void decodeDefaults() {
        Message m = MessageCodec.decode("{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}],\"extra\":1}");
        assertThat(m).isEqualTo(Message.user("hi"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"nul \u0000 inside", "lone high \ud800 end", "lone low \udc00", "emoji \ud83d\ude00",
            "quote \" backslash \\ '; drop table x; --", "é — 中文 עברית"})
    @DisplayName("hostile text round-trips exactly and the encoding holds no NUL and no raw surrogate")
    void hostileTextRoundTrips(String text) {
        Message m = Message.user(text);
        String json = MessageCodec.encode(m);
        assertThat(json).doesNotContain("\u0000");
        assertThat(json.chars().noneMatch(c -> Character.isSurrogate((char) c))).isTrue();
        assertThat(MessageCodec.decode(json)).isEqualTo(m);
    }

    @Test
    @DisplayName("decimal and big numbers in tool arguments survive exactly")
    void numbersSurvive() {
        String json = "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_call\",\"id\":\"c\",\"name\":\"n\","
                + "\"arguments\":{\"d\":0.1000,\"big\":123456789012345678901234567890,\"x\":null,\"l\":[1,2.5e3]}}],"
                + "\"is_error\":false}";
        Message m = MessageCodec.decode(json);
        assertThat(MessageCodec.decode(MessageCodec.encode(m))).isEqualTo(m);
        assertThat(MessageCodec.encode(m)).contains("123456789012345678901234567890").contains("0.1000");
    }

    @Test
    @DisplayName("tool call arguments cannot be changed through the accessor")
    void argumentsAreImmutable() {
        ContentBlock.ToolCall call = (ContentBlock.ToolCall) ContentBlock.toolCall("c", "n",
                new ObjectMapper().createObjectNode().put("a", 1));
        ((ObjectNode) call.arguments()).put("a", 2);
        assertThat(call.arguments().get("a").asInt()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "[]", "{\"content\":[]}", "{\"role\":\"robot\",\"content\":[]}",
            "{\"role\":\"user\"}", "{\"role\":\"user\",\"content\":[{\"type\":\"video\"}]}",
            "{\"role\":\"user\",\"content\":[{\"type\":\"text\"}]}", "{\"role\":\"user\",\"content\":[],\"is_error\":\"yes\"}",
            "{\"role\":\"user\",\"content\":[]} trailing",
            "{\"role\":\"user\",\"content\":[],\"is_error\":null}",
            "{\"role\":\"user\",\"role\":\"user\",\"content\":[]}",
            "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_call\",\"id\":\"c\",\"name\":\"n\"}]}",
            "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_call\",\"id\":\"c\",\"name\":\"n\",\"arguments\":{\"a\":1,\"a\":2}}]}",
            ""})
    @DisplayName("malformed messages are refused with InvalidMessageException")
    void malformedRefused(String json) {
        assertThatThrownBy(() -> MessageCodec.decode(json)).isInstanceOf(InvalidMessageException.class)
                .hasMessageNotContaining("Exception");
    }

    @Test
    @DisplayName("the builder keeps blocks in order and the text accessor joins text blocks")
    void builderOrder() {
        Message m = Message.builder(Role.USER).text("a").text("b").build();
        assertThat(m.content()).containsExactly(ContentBlock.text("a"), ContentBlock.text("b"));
        assertThat(m.text()).isEqualTo("a\nb");
        assertThat(m.content()).isUnmodifiable();
        assertThat(new Message(Role.USER, List.of(), null, null, false).text()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-0.0", "-0", "-0e5", "-0.000"})
    @DisplayName("negative zero in tool arguments stays negative zero and is written -0.0")
    void negativeZeroKept(String spelling) {
        String json = "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_call\",\"id\":\"c\",\"name\":\"n\","
                + "\"arguments\":{\"z\":" + spelling + ",\"p\":0.0}}],\"is_error\":false}";
        Message m = MessageCodec.decode(json);
        ContentBlock.ToolCall call = (ContentBlock.ToolCall) m.content().get(0);
        double z = call.arguments().get("z").doubleValue();
        assertThat(Double.doubleToRawLongBits(z)).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(MessageCodec.encode(m)).contains("\"z\":-0.0,\"p\":0.0");
        assertThat(MessageCodec.decode(MessageCodec.encode(m))).isEqualTo(m);
        assertThat(m).isNotEqualTo(MessageCodec.decode(json.replace(spelling, "0.0")));
    }

    @Test
    @DisplayName("a tool call with arguments null is kept (Tau accepts it); only a missing field is refused")
    void nullArgumentsKept() {
        String json = "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_call\",\"id\":\"c\",\"name\":\"n\","
                + "\"arguments\":null}],\"is_error\":false}";
        assertThat(MessageCodec.encode(MessageCodec.decode(json))).isEqualTo(json);
    }

    @Test
    @DisplayName("parseJson keeps decimals exact and refuses duplicated keys at any depth")
    void parseJsonStrict() {
        assertThat(MessageCodec.parseJson("{\"a\":[1.50,-0.0,12345678901234567890]}").toString())
                .isEqualTo("{\"a\":[1.50,-0.0,12345678901234567890]}");
        assertThatThrownBy(() -> MessageCodec.parseJson("{\"a\":{\"b\":1,\"b\":1}}"))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("Duplicate field 'b'");
    }
}
