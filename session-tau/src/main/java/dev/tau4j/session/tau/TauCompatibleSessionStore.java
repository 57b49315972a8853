package dev.tau4j.session.tau;

import dev.tau4j.session.Append;
import dev.tau4j.session.ForwardingSessionStore;
import dev.tau4j.session.SessionEntry;
import dev.tau4j.session.SessionStore;
import dev.tau4j.session.TauCompatibility;
import java.util.List;

/**
 * A store that refuses at append time what Tau could not load, so every session it holds exports to Tau:
 * an append with a message holding a lone surrogate or a tool-argument number beyond a double fails with
 * {@link dev.tau4j.session.InvalidMessageException} naming the message and the problem, and nothing is
 * written. Everything else is the wrapped store's, its faster reads and idempotency keys included.
 * Thread-safe when the wrapped store is.
 *
 * <pre>{@code
 * SessionStore store = TauCompatibleSessionStore.wrap(PostgresSessionStore.builder().url(url).build());
 * }</pre>
 */
public final class TauCompatibleSessionStore extends ForwardingSessionStore {

    private TauCompatibleSessionStore(SessionStore store) {
        super(store);
    }

    /** {@code store}, refusing content Tau cannot load; closing the result closes {@code store}. */
    public static SessionStore wrap(SessionStore store) {
        return store instanceof TauCompatibleSessionStore ? store : new TauCompatibleSessionStore(store);
    }

    @Override
    public List<SessionEntry> append(Append append) {
        return super.append(TauCompatibility.requireCompatible(append));
    }
}
