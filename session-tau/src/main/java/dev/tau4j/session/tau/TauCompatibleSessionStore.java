package dev.tau4j.session.tau;

import dev.tau4j.session.Append;
import dev.tau4j.session.SessionEntry;
import dev.tau4j.session.SessionLimits;
import dev.tau4j.session.SessionListing;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.SessionStore;
import dev.tau4j.session.SessionSummary;
import dev.tau4j.session.TauCompatibility;
import dev.tau4j.session.UsageDelta;
import dev.tau4j.session.UsageSummary;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A store that refuses at append time what Tau could not load, so every session it holds exports to Tau:
 * an append with a message holding a lone surrogate or a tool-argument number beyond a double fails with
 * {@link dev.tau4j.session.InvalidMessageException} naming the message and the problem, and nothing is
 * written. Everything else is the wrapped store's, its faster reads included. Thread-safe when the wrapped
 * store is.
 *
 * <pre>{@code
 * SessionStore store = TauCompatibleSessionStore.wrap(PostgresSessionStore.builder().url(url).build());
 * }</pre>
 */
public final class TauCompatibleSessionStore implements SessionStore {

    private final SessionStore store;

    private TauCompatibleSessionStore(SessionStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** {@code store}, refusing content Tau cannot load; closing the result closes {@code store}. */
    public static SessionStore wrap(SessionStore store) {
        return store instanceof TauCompatibleSessionStore ? store : new TauCompatibleSessionStore(store);
    }

    @Override
    public List<SessionEntry> append(Append append) {
        return store.append(TauCompatibility.requireCompatible(append));
    }

    @Override
    public List<SessionEntry> entries(SessionPath path, long afterId, int limit) {
        return store.entries(path, afterId, limit);
    }

    @Override
    public Optional<SessionEntry> entry(SessionPath path, long id) {
        return store.entry(path, id);
    }

    @Override
    public Optional<SessionEntry> head(SessionPath path) {
        return store.head(path);
    }

    @Override
    public UsageSummary usage(SessionPath path) {
        return store.usage(path);
    }

    @Override
    public UsageSummary recordUsage(SessionPath path, UsageDelta delta) {
        return store.recordUsage(path, delta);
    }

    @Override
    public List<SessionSummary> listSessions(SessionListing listing) {
        return store.listSessions(listing);
    }

    @Override
    public boolean deleteSession(SessionPath path) {
        return store.deleteSession(path);
    }

    @Override
    public SessionLimits limits() {
        return store.limits();
    }

    @Override
    public List<SessionEntry> entries(SessionPath path) {
        return store.entries(path);
    }

    @Override
    public List<SessionEntry> tips(SessionPath path) {
        return store.tips(path);
    }

    @Override
    public List<SessionEntry> lineage(SessionPath path, long headId) {
        return store.lineage(path, headId);
    }

    @Override
    public void close() {
        store.close();
    }
}
