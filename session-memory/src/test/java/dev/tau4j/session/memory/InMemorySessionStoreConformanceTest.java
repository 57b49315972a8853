package dev.tau4j.session.memory;

import dev.tau4j.session.SessionStore;
import dev.tau4j.session.conformance.SessionStoreConformanceKit;

/** The in-memory store bound to the conformance kit: every case, required and optional, must pass. */
class InMemorySessionStoreConformanceTest extends SessionStoreConformanceKit {

    @Override
    protected SessionStore newStore() {
        return InMemorySessionStore.create();
    }

    @Override
    protected SessionStore reopen(SessionStore store) {
        InMemorySessionStorage storage = ((InMemorySessionStore) store).storage();
        return InMemorySessionStore.builder().storage(storage).build();
    }

    @Override
    protected String backendName() {
        return "InMemorySessionStore";
    }
}
