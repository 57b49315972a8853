package dev.tau4j.session.memory;

import dev.tau4j.session.SessionStore;
import dev.tau4j.session.conformance.SessionStoreConformanceKit;
import dev.tau4j.session.memory.InMemorySessionStorage;
import dev.tau4j.session.memory.InMemorySessionStore;

/** The in-memory store bound to the conformance kit: every case, required and optional, must pass. */
class InMemorySessionStoreConformanceTest extends SessionStoreConformanceKit {

    private final InMemorySessionStorage storage = new InMemorySessionStorage(); // your database, shared by every case

    @Override
    protected SessionStore newStore() {                 // a store over the shared storage
        return InMemorySessionStore.builder().storage(storage).build();
    }

    @Override
    protected SessionStore reopen(SessionStore store) { // a NEW instance over the SAME storage
        return InMemorySessionStore.builder().storage(storage).build();
    }

    @Override
    protected String backendName() {                    // the name in the report; default: the class's simple name
        return "InMemorySessionStore";
    }
}
