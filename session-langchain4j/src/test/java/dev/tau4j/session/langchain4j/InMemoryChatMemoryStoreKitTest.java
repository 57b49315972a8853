package dev.tau4j.session.langchain4j;

import dev.tau4j.session.SessionStore;
import dev.tau4j.session.memory.InMemorySessionStore;
import org.junit.jupiter.api.DisplayName;

/** The chat-memory kit on the in-memory session store. */
@DisplayName("Chat-memory kit on InMemorySessionStore")
class InMemoryChatMemoryStoreKitTest extends ChatMemoryStoreKit {

    @Override
    protected SessionStore newSessionStore() {
        return InMemorySessionStore.create();
    }

    @Override
    protected SessionStore reopen(SessionStore store) {
        return InMemorySessionStore.builder().storage(((InMemorySessionStore) store).storage()).build();
    }
}
