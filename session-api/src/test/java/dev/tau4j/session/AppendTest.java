package dev.tau4j.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Append requests validate themselves")
class AppendTest {

    private static final SessionPath PATH = SessionPath.of("t/a");

    @Test
    @DisplayName("the builder states parent, messages, expected head and usage")
    void builder() {
        Append a = Append.to(PATH).under(3).message(Message.user("x")).expectHead(3)
                .usage(UsageDelta.of(1, 1, 2, "0.01")).build();
        assertThat(a.parentId()).isEqualTo(OptionalLong.of(3));
        assertThat(a.expectedHead()).isEqualTo(OptionalLong.of(3));
        assertThat(a.messages()).containsExactly(Message.user("x"));
        assertThat(Append.to("t/a").message(Message.user("x")).expectEmpty().build().expectedHead())
                .isEqualTo(OptionalLong.of(0));
        assertThat(Append.to(PATH).message(Message.user("x")).build().usage()).isEqualTo(UsageDelta.ZERO);
    }

    @Test
    @DisplayName("bad appends are refused with InvalidInputException")
    void refused() {
        assertThatThrownBy(() -> Append.to(PATH).build()).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("at least one message");
        assertThatThrownBy(() -> Append.to((SessionPath) null).message(Message.user("x")).build())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("path");
        assertThatThrownBy(() -> Append.to(PATH).under(0).message(Message.user("x")).build())
                .hasMessageContaining("parent id must be >= 1");
        assertThatThrownBy(() -> Append.to(PATH).expectHead(0)).hasMessageContaining("expectEmpty");
        assertThatThrownBy(() -> Append.to(PATH).messages(Collections.nCopies(Append.MAX_MESSAGES + 1,
                Message.user("x"))).build()).hasMessageContaining("above the limit");
        List<Message> withNull = new ArrayList<>();
        withNull.add(null);
        assertThatThrownBy(() -> Append.to(PATH).messages(withNull).build()).hasMessageContaining("message 0");
    }

    @Test
    @DisplayName("encodeChecked refuses a message above the limit, counting UTF-8 bytes")
    void sizeLimit() {
        SessionLimits limits = new SessionLimits(1024);
        String overhead = MessageCodec.encode(Message.user(""));
        int room = 1024 - overhead.length();
        assertThat(limits.encodeChecked(Append.to(PATH).message(Message.user("x".repeat(room))).build())).hasSize(1);
        assertThatThrownBy(() -> limits.encodeChecked(Append.to(PATH).message(Message.user("x".repeat(room + 1))).build()))
                .isInstanceOf(MessageTooLargeException.class).hasMessageContaining("1025 bytes");
        assertThatThrownBy(() -> limits.encodeChecked(Append.to(PATH).message(Message.user("é".repeat(room / 2 + 1))).build()))
                .isInstanceOf(MessageTooLargeException.class);
    }
}
