package dev.tau4j.session;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A {@link SessionStore} that forwards every call, the default methods included, to another store: the
 * base of decorators, which override what they change and keep the wrapped store's guarantees and fast
 * paths for the rest. Closing it closes the wrapped store. Thread-safe when the wrapped store is.
 */
public abstract class ForwardingSessionStore implements SessionStore {

    private final SessionStore delegate;

    /** @param delegate the store every call goes to */
    protected ForwardingSessionStore(SessionStore delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The wrapped store. */
    protected SessionStore delegate() {
        return delegate;
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
    public boolean deleteSession(SessionPath path) {
        return delegate.deleteSession(path);
    }

    @Override
    public SessionLimits limits() {
        return delegate.limits();
    }

    @Override
    public List<SessionEntry> entries(SessionPath path) {
        return delegate.entries(path);
    }

    @Override
    public Stream<SessionEntry> stream(SessionPath path) {
        return delegate.stream(path);
    }

    @Override
    public List<SessionEntry> tips(SessionPath path) {
        return delegate.tips(path);
    }

    @Override
    public List<SessionEntry> lineage(SessionPath path, long headId) {
        return delegate.lineage(path, headId);
    }

    @Override
    public Map<String, String> updateMetadata(SessionPath path, MetadataUpdate update) {
        return delegate.updateMetadata(path, update);
    }

    @Override
    public Map<String, String> metadata(SessionPath path) {
        return delegate.metadata(path);
    }

    @Override
    public List<SessionEntry> lineageTail(SessionPath path, long headId, int maxEntries) {
        return delegate.lineageTail(path, headId, maxEntries);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
