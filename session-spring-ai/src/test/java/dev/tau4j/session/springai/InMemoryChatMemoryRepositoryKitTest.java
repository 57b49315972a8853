package dev.tau4j.session.springai;

import dev.tau4j.session.SessionStore;
import dev.tau4j.session.memory.InMemorySessionStore;
import org.junit.jupiter.api.DisplayName;

/** The Spring AI chat-memory kit on the in-memory session store. */
@DisplayName("Spring AI chat-memory kit on InMemorySessionStore")
class InMemoryChatMemoryRepositoryKitTest extends ChatMemoryRepositoryKit {

    @Override
    protected SessionStore newSessionStore() {
        return InMemorySessionStore.create();
    }

    @Override
    protected SessionStore reopen(SessionStore store) {
        return InMemorySessionStore.builder().storage(((InMemorySessionStore) store).storage()).build();
    }
}
