package dev.tau4j.session.memory;

import dev.tau4j.session.SessionPath;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The state behind one or more {@link InMemorySessionStore}s: sessions ordered by path. Stores built over
 * the same storage see the same sessions, the way two PostgreSQL stores over one database do.
 * Thread-safe; lives as long as it is referenced.
 */
public final class InMemorySessionStorage {

    final ConcurrentNavigableMap<SessionPath, MemorySession> sessions = new ConcurrentSkipListMap<>();

    /** Empty storage. */
    public InMemorySessionStorage() {
    }
}
