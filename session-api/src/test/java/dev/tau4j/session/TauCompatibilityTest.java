package dev.tau4j.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("TauCompatibility names what Tau cannot load")
class TauCompatibilityTest {

    @Test
    @DisplayName("ordinary messages, emoji and NUL included, are compatible")
    void compatible() {
        assertThat(TauCompatibility.check(Message.user("emoji \ud83d\ude00 nul \u0000 é"))).isEmpty();
        assertThat(TauCompatibility.isCompatible(MessageCodec.decode("{\"role\":\"assistant\",\"content\":[{\"type\":"
                + "\"tool_call\",\"id\":\"c\",\"name\":\"n\",\"arguments\":{\"big\":123456789012345678901234567890,"
                + "\"tiny\":1e-400,\"max\":1.7976931348623157e308}}],\"is_error\":false}"))).isTrue();
    }

    @Test
    @DisplayName("a lone surrogate is named with its place, in text, tool fields, sources and arguments")
    void loneSurrogates() {
        Message m = MessageCodec.decode("{\"role\":\"tool\",\"content\":[{\"type\":\"text\",\"text\":\"ok\"},"
                + "{\"type\":\"text\",\"text\":\"a\\ud800\"},{\"type\":\"image\",\"source\":{\"type\":\"url\",\"url\":\"\\udc00\"}},"
                + "{\"type\":\"tool_call\",\"id\":\"c\",\"name\":\"n\",\"arguments\":{\"k\":[\"x\",\"\\udfff\"]}}],"
                + "\"tool_call_id\":\"\\ud800\",\"is_error\":false}");
        assertThat(TauCompatibility.check(m)).containsExactly(
                "content[1].text: lone surrogate U+D800 at index 1",
                "content[2].source.url: lone surrogate U+DC00 at index 0",
                "content[3].arguments.k[1]: lone surrogate U+DFFF at index 0",
                "tool_call_id: lone surrogate U+D800 at index 0");
    }

    @Test
    @DisplayName("a number beyond the range of a double in tool arguments is named")
    void hugeNumber() {
        Message m = MessageCodec.decode("{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_call\",\"id\":\"c\","
                + "\"name\":\"n\",\"arguments\":{\"a\":[1e400],\"b\":-1e309}}],\"is_error\":false}");
        assertThat(TauCompatibility.check(m)).containsExactly(
                "content[0].arguments.a[0]: number 1E+400 is beyond the range of a double",
                "content[0].arguments.b: number -1E+309 is beyond the range of a double");
    }

    @Test
    @DisplayName("requireCompatible refuses an append naming the message and passes a good one through")
    void appendCheck() {
        Append good = Append.to("a/b").message(Message.user("fine")).build();
        assertThat(TauCompatibility.requireCompatible(good)).isSameAs(good);
        Append bad = Append.to("a/b").messages(List.of(Message.user("fine"), Message.user("x\udbff"))).build();
        assertThatThrownBy(() -> TauCompatibility.requireCompatible(bad)).isInstanceOf(InvalidMessageException.class)
                .hasMessage("message 1 of the append cannot be read by Tau: content[0].text: lone surrogate U+DBFF at index 1");
    }
}
