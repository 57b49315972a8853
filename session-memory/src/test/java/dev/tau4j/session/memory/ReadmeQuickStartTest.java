package dev.tau4j.session.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tau4j.session.Append;
import dev.tau4j.session.Message;
import dev.tau4j.session.SessionEntry;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.SessionStore;
import dev.tau4j.session.StaleHeadException;
import dev.tau4j.session.UsageDelta;
import dev.tau4j.session.UsageSummary;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The README's quick start, run as written, with what its comments promise asserted. */
@DisplayName("The README quick start does what it says")
class ReadmeQuickStartTest {

    @Test
    @DisplayName("append, optimistic append with usage, lineage, usage, branch and tips")
    void quickStart() {
        SessionStore store = InMemorySessionStore.create();
        SessionPath chat = SessionPath.of("tenants/acme/users/42/chat-7");

        List<SessionEntry> turn = store.append(Append.to(chat)
                .message(Message.system("You are terse."))
                .message(Message.user("What is 2+2?"))
                .build());
        assertThat(turn).extracting(SessionEntry::id).containsExactly(1L, 2L);
        assertThat(turn.get(1).parentId()).hasValue(1);

        SessionEntry answer = store.append(Append.to(chat).under(2)
                .message(Message.assistant("4"))
                .usage(UsageDelta.of(10, 3, 13, "0.007"))
                .expectHead(2)
                .build()).get(0);

        assertThat(store.lineage(chat, answer.id())).extracting(e -> e.message().text())
                .containsExactly("You are terse.", "What is 2+2?", "4");
        assertThat(store.usage(chat)).isEqualTo(new UsageSummary(10, 3, 13, new BigDecimal("0.007")));

        SessionEntry branch = store.append(Append.to(chat).under(1).message(Message.user("Actually...")).build()).get(0);
        assertThat(store.tips(chat)).extracting(SessionEntry::id).containsExactly(answer.id(), branch.id());

        assertThatThrownBy(() -> store.append(Append.to(chat).under(2).message(Message.user("late"))
                .expectHead(2).build())).isInstanceOf(StaleHeadException.class);
    }

    @Test
    @DisplayName("a keyed append retried returns the same entries and writes nothing twice")
    void retries() {
        SessionStore store = InMemorySessionStore.create();
        SessionPath chat = SessionPath.of("tenants/acme/users/42/chat-7");
        store.append(Append.to(chat).message(Message.system("s")).message(Message.user("u"))
                .message(Message.assistant("a")).build());

        Append turn = Append.to(chat).under(3)
                .message(Message.user("And 3+3?"))
                .idempotencyKey(UUID.randomUUID().toString())
                .build();
        List<SessionEntry> first = store.append(turn);
        List<SessionEntry> again = store.append(turn);

        assertThat(again).isEqualTo(first);
        assertThat(store.entries(chat)).hasSize(4);
    }
}
