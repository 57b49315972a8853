package dev.tau4j.micrometer;

import dev.tau4j.micrometer.internal.OperationTimers;
import dev.tau4j.session.Append;
import dev.tau4j.session.EntryNotFoundException;
import dev.tau4j.session.ForwardingSessionStore;
import dev.tau4j.session.IdempotencyKey;
import dev.tau4j.session.IdempotencyKeyReusedException;
import dev.tau4j.session.InvalidInputException;
import dev.tau4j.session.MetadataUpdate;
import dev.tau4j.session.SessionEntry;
import dev.tau4j.session.SessionListing;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.SessionStore;
import dev.tau4j.session.SessionSummary;
import dev.tau4j.session.StaleHeadException;
import dev.tau4j.session.StoreOutcomeUnknownException;
import dev.tau4j.session.StoreUnavailableException;
import dev.tau4j.session.UsageDelta;
import dev.tau4j.session.UsageSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A {@link SessionStore} that times every call of the store it wraps in the timer
 * {@value #TIMER} (Prometheus: {@code tau4j_session_operations_seconds}), tagged:
 * <ul>
 *   <li>{@code backend}: the name given to {@link #wrap}, e.g. {@code postgres};</li>
 *   <li>{@code operation}: the method, e.g. {@code append}, {@code entries_page}, {@code lineage_tail};</li>
 *   <li>{@code outcome}: {@code success}, {@code invalid_input}, {@code not_found}, {@code conflict}
 *       (stale head), {@code key_reused}, {@code unavailable} (nothing applied), {@code outcome_unknown}
 *       or {@code failure}.</li>
 * </ul>
 * No tag carries a session path, an id or any content. Every call, its result and its exception are
 * the wrapped store's; {@link #stream(SessionPath)} is forwarded untimed (its cost is paid while the
 * caller consumes it). Thread-safe when the wrapped store is.
 *
 * <pre>{@code
 * SessionStore store = MeteredSessionStore.wrap(PostgresSessionStore.builder().url(url).build(), registry, "postgres");
 * }</pre>
 */
public final class MeteredSessionStore extends ForwardingSessionStore {

    /** Name of the timer. */
    public static final String TIMER = "tau4j.session.operations";

    private final OperationTimers timers;

    private MeteredSessionStore(SessionStore delegate, MeterRegistry registry, String backend) {
        super(delegate);
        this.timers = new OperationTimers(registry, TIMER, "Calls of a tau4j session store", backend,
                MeteredSessionStore::outcome);
    }

    /**
     * Wraps {@code store}; closing the result closes it.
     *
     * @param store    the store to time
     * @param registry where the timers go
     * @param backend  the {@code backend} tag: 1..64 characters of {@code [a-z0-9_.-]}
     * @return the timed store
     */
    public static MeteredSessionStore wrap(SessionStore store, MeterRegistry registry, String backend) {
        return new MeteredSessionStore(store, registry, backend);
    }

    static String outcome(RuntimeException e) {
        if (e instanceof InvalidInputException) {
            return "invalid_input";
        } else if (e instanceof EntryNotFoundException) {
            return "not_found";
        } else if (e instanceof StaleHeadException) {
            return "conflict";
        } else if (e instanceof IdempotencyKeyReusedException) {
            return "key_reused";
        } else if (e instanceof StoreUnavailableException) {
            return "unavailable";
        } else if (e instanceof StoreOutcomeUnknownException) {
            return "outcome_unknown";
        }
        return "failure";
    }

    @Override
    public List<SessionEntry> append(Append append) {
        return timers.time("append", () -> super.append(append));
    }

    @Override
    public List<SessionEntry> entries(SessionPath path, long afterId, int limit) {
        return timers.time("entries_page", () -> super.entries(path, afterId, limit));
    }

    @Override
    public Optional<SessionEntry> entry(SessionPath path, long id) {
        return timers.time("entry", () -> super.entry(path, id));
    }

    @Override
    public Optional<SessionEntry> head(SessionPath path) {
        return timers.time("head", () -> super.head(path));
    }

    @Override
    public UsageSummary usage(SessionPath path) {
        return timers.time("usage", () -> super.usage(path));
    }

    @Override
    public UsageSummary recordUsage(SessionPath path, UsageDelta delta) {
        return timers.time("record_usage", () -> super.recordUsage(path, delta));
    }

    @Override
    public UsageSummary recordUsage(SessionPath path, UsageDelta delta, IdempotencyKey key) {
        return timers.time("record_usage", () -> super.recordUsage(path, delta, key));
    }

    @Override
    public List<SessionSummary> listSessions(SessionListing listing) {
        return timers.time("list_sessions", () -> super.listSessions(listing));
    }

    @Override
    public Map<String, String> updateMetadata(SessionPath path, MetadataUpdate update) {
        return timers.time("update_metadata", () -> super.updateMetadata(path, update));
    }

    @Override
    public Map<String, String> metadata(SessionPath path) {
        return timers.time("metadata", () -> super.metadata(path));
    }

    @Override
    public boolean deleteSession(SessionPath path) {
        return timers.time("delete_session", () -> super.deleteSession(path));
    }

    @Override
    public List<SessionEntry> entries(SessionPath path) {
        return timers.time("entries", () -> super.entries(path));
    }

    @Override
    public Stream<SessionEntry> stream(SessionPath path) {
        return super.stream(path);
    }

    @Override
    public List<SessionEntry> tips(SessionPath path) {
        return timers.time("tips", () -> super.tips(path));
    }

    @Override
    public List<SessionEntry> lineage(SessionPath path, long headId) {
        return timers.time("lineage", () -> super.lineage(path, headId));
    }

    @Override
    public List<SessionEntry> lineageTail(SessionPath path, long headId, int maxEntries) {
        return timers.time("lineage_tail", () -> super.lineageTail(path, headId, maxEntries));
    }
}
