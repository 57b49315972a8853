package dev.tau4j.session.memory;

import dev.tau4j.session.Append;
import dev.tau4j.session.IdempotencyKey;
import dev.tau4j.session.MetadataUpdate;
import dev.tau4j.session.SessionEntry;
import dev.tau4j.session.SessionLimits;
import dev.tau4j.session.SessionListing;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.SessionStore;
import dev.tau4j.session.SessionSummary;
import dev.tau4j.session.UsageDelta;
import dev.tau4j.session.UsageSummary;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Forwards the core operations to another store; the broken backends override what they break. */
class ForwardingSessionStore implements SessionStore {

    final InMemorySessionStore delegate;

    ForwardingSessionStore(InMemorySessionStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public List<SessionEntry> append(Append append) {
        return delegate.append(append);
    }

    @Override
    public List<SessionEntry> entries(SessionPath path, long afterId, int limit) {
        return delegate.entries(path, afterId, limit);
    }

    @Override
    public Optional<SessionEntry> entry(SessionPath path, long id) {
        return delegate.entry(path, id);
    }

    @Override
    public Optional<SessionEntry> head(SessionPath path) {
        return delegate.head(path);
    }

    @Override
    public UsageSummary usage(SessionPath path) {
        return delegate.usage(path);
    }

    @Override
    public UsageSummary recordUsage(SessionPath path, UsageDelta delta) {
        return delegate.recordUsage(path, delta);
    }

    @Override
    public UsageSummary recordUsage(SessionPath path, UsageDelta delta, IdempotencyKey key) {
        return delegate.recordUsage(path, delta, key);
    }

    @Override
    public List<SessionSummary> listSessions(SessionListing listing) {
        return delegate.listSessions(listing);
    }

    @Override
    public Map<String, String> updateMetadata(SessionPath path, MetadataUpdate update) {
        return delegate.updateMetadata(path, update);
    }

    @Override
    public boolean deleteSession(SessionPath path) {
        return delegate.deleteSession(path);
    }

    @Override
    public SessionLimits limits() {
        return delegate.limits();
    }

    /** What the binding's {@code reopen} returns: a store of the same kind over the same storage. */
    SessionStore reopen() {
        return new ForwardingSessionStore(reopenDelegate());
    }

    /** A new in-memory store over the same storage as this one's delegate. */
    InMemorySessionStore reopenDelegate() {
        return InMemorySessionStore.builder().storage(delegate.storage()).limits(delegate.limits()).build();
    }
}
