package dev.tau4j.session.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tau4j.session.Append;
import dev.tau4j.session.InvalidUsageException;
import dev.tau4j.session.Message;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.SessionStore;
import dev.tau4j.session.StaleHeadException;
import dev.tau4j.session.UsageDelta;
import dev.tau4j.session.UsageSummary;
import java.math.BigDecimal;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Behaviour of the in-memory store that must match the PostgreSQL store beyond what the kit checks. */
@DisplayName("InMemorySessionStore")
class InMemorySessionStoreTest {

    private static final SessionPath PATH = SessionPath.of("tenants/acme/chat-7");

    /** A session with one entry whose input token total is one below overflowing. */
    private static SessionStore nearlyFullSession() {
        SessionStore store = InMemorySessionStore.create();
        store.append(Append.to(PATH).message(Message.user("first")).build());
        store.recordUsage(PATH, UsageDelta.of(Long.MAX_VALUE - 1, 0, 0, "0"));
        return store;
    }

    @Test
    @DisplayName("an append breaking several rules fails like on PostgreSQL: usage overflow, then stale head, then parent")
    void failurePrecedence() {
        SessionStore store = nearlyFullSession();
        UsageDelta overflowing = UsageDelta.of(5, 0, 0, "0");

        assertThatThrownBy(() -> store.append(Append.to(PATH).under(99).message(Message.user("x"))
                .usage(overflowing).build()))
                .as("unknown parent and overflowing usage").isInstanceOf(InvalidUsageException.class);
        assertThatThrownBy(() -> store.append(Append.to(PATH).under(1).expectHead(7).message(Message.user("x"))
                .usage(overflowing).build()))
                .as("stale head and overflowing usage").isInstanceOf(InvalidUsageException.class);
        assertThatThrownBy(() -> store.append(Append.to(PATH).under(99).expectHead(7).message(Message.user("x"))
                .build()))
                .as("stale head and unknown parent").isInstanceOf(StaleHeadException.class);

        assertThat(store.entries(PATH)).hasSize(1);
        assertThat(store.usage(PATH)).isEqualTo(new UsageSummary(Long.MAX_VALUE - 1, 0, 0, BigDecimal.ZERO));
    }
}
