package dev.tau4j.session.tau;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tau4j.session.Append;
import dev.tau4j.session.ContentBlock;
import dev.tau4j.session.IdempotencyKey;
import dev.tau4j.session.InvalidMessageException;
import dev.tau4j.session.Message;
import dev.tau4j.session.MessageCodec;
import dev.tau4j.session.Role;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.SessionStore;
import dev.tau4j.session.UsageDelta;
import dev.tau4j.session.memory.InMemorySessionStore;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A Tau-compatible store refuses at append time what Tau cannot load")
class TauCompatibleSessionStoreTest {

    private final InMemorySessionStore memory = InMemorySessionStore.create();
    private final SessionStore store = TauCompatibleSessionStore.wrap(memory);
    private final SessionPath path = SessionPath.of("strict/chat");

    @Test
    @DisplayName("a lone surrogate or a number beyond a double is refused naming the message, nothing written")
    void refuses() {
        store.append(Append.to(path).message(Message.user("fine 😀")).build());
        assertThatThrownBy(() -> store.append(Append.to(path).under(1).message(Message.user("ok"))
                .message(Message.user("bad \udfff")).build()))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessage("message 1 of the append cannot be read by Tau: content[0].text: lone surrogate U+DFFF at index 4");
        Message huge = Message.builder(Role.ASSISTANT)
                .block(ContentBlock.toolCall("c", "n", MessageCodec.parseJson("{\"x\":-1e999}"))).build();
        assertThatThrownBy(() -> store.append(Append.to(path).message(huge).build()))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("beyond the range of a double");
        assertThat(memory.entries(path)).hasSize(1);
    }

    @Test
    @DisplayName("reads and everything else are the wrapped store's; wrapping twice wraps once")
    void forwards() {
        store.append(Append.to(path).message(Message.user("a")).message(Message.user("b")).build());
        assertThat(store.lineage(path, 2)).isEqualTo(memory.lineage(path, 2));
        assertThat(store.tips(path)).isEqualTo(memory.tips(path));
        assertThat(store.limits()).isEqualTo(memory.limits());
        assertThat(TauCompatibleSessionStore.wrap(store)).isSameAs(store);
        assertThat(store.deleteSession(path)).isTrue();
        assertThat(memory.head(path)).isEmpty();
    }

    @Test
    @DisplayName("keyed writes reach the wrapped store: a repeat returns the first write, usage is added once")
    void keysPassThrough() {
        Append turn = Append.to(path).message(Message.user("once")).idempotencyKey("k-1").build();
        assertThat(store.append(turn)).isEqualTo(store.append(turn));
        UsageDelta delta = UsageDelta.of(1, 2, 3, "0.5");
        assertThat(store.recordUsage(path, delta, IdempotencyKey.of("k-2")))
                .isEqualTo(store.recordUsage(path, delta, IdempotencyKey.of("k-2")));
        assertThat(memory.entries(path)).hasSize(1);
        assertThat(memory.usage(path).totalTokens()).isEqualTo(3);
    }
}
