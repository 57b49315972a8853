package dev.tau4j.session.memory;

import dev.tau4j.session.Append;
import dev.tau4j.session.EntryNotFoundException;
import dev.tau4j.session.IdempotencyKey;
import dev.tau4j.session.IdempotencyKeyReusedException;
import dev.tau4j.session.MessageCodec;
import dev.tau4j.session.MetadataUpdate;
import dev.tau4j.session.SessionEntry;
import dev.tau4j.session.SessionLimits;
import dev.tau4j.session.SessionListing;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.SessionStore;
import dev.tau4j.session.SessionSummary;
import dev.tau4j.session.StaleHeadException;
import dev.tau4j.session.internal.StoreArguments;
import dev.tau4j.session.UsageDelta;
import dev.tau4j.session.UsageSummary;
import dev.tau4j.session.internal.WriteFingerprint;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.function.Function;

/**
 * A {@link SessionStore} held in memory, with the semantics of the PostgreSQL backend: ids assigned per
 * session and never reused, atomic appends (usage included), appends serialized per session while
 * sessions never block each other, metadata changed with the same lock as the entries, every message encoded, size-checked and decoded again before it is
 * kept, so that what is read back is exactly what a database would return. Idempotency keys are kept
 * with their session in the {@link InMemorySessionStorage}, so a store built over the same storage
 * answers repeats the same way. Thread-safe.
 *
 * <pre>{@code
 * SessionStore store = InMemorySessionStore.create();
 * }</pre>
 */
public final class InMemorySessionStore implements SessionStore {

    private final InMemorySessionStorage storage;
    private final SessionLimits limits;
    private final Clock clock;

    private InMemorySessionStore(Builder builder) {
        this.storage = builder.storage;
        this.limits = builder.limits;
        this.clock = builder.clock;
    }

    /** A store over new, empty storage, with default limits. */
    public static InMemorySessionStore create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The storage this store reads and writes; build another store over it to share its sessions. */
    public InMemorySessionStorage storage() {
        return storage;
    }

    @Override
    public SessionLimits limits() {
        return limits;
    }

    @Override
    public List<SessionEntry> append(Append append) {
        StoreArguments.requireAppend(append);
        List<String> encoded = limits.encodeChecked(append);
        Optional<IdempotencyKey> key = append.idempotencyKey();
        String fingerprint = key.isPresent() ? WriteFingerprint.of(append, encoded) : null;
        return write(append.path(), session -> {
            if (key.isPresent() && session.keys.containsKey(key.get())) {
                return replay(session, key.get(), fingerprint).entries();
            }
            // Checked in the order the PostgreSQL statement fails: usage overflow (the session row's
            // update), then the expected head (the insert's guard), then the parent (the foreign key).
            UsageSummary usage = session.usage.plus(append.usage());
            SortedMap<String, String> metadata = append.metadata().applyTo(session.metadata);
            long head = session.head();
            if (append.expectedHead().isPresent() && append.expectedHead().getAsLong() != head) {
                throw new StaleHeadException(append.path(), append.expectedHead().getAsLong(), head);
            }
            OptionalLong parent = append.parentId();
            if (parent.isPresent() && !session.entries.containsKey(parent.getAsLong())) {
                throw new EntryNotFoundException(append.path(), parent.getAsLong());
            }
            Instant now = clock.instant();
            List<SessionEntry> created = new ArrayList<>(encoded.size());
            long id = session.lastEntryId;
            for (String json : encoded) {
                id++;
                created.add(new SessionEntry(id, parent, MessageCodec.decode(json), now));
                parent = OptionalLong.of(id);
            }
            // Everything that can fail has been checked: commit.
            for (SessionEntry entry : created) {
                session.entries.put(entry.id(), entry);
            }
            session.lastEntryId = id;
            session.usage = usage;
            session.metadata = metadata;
            session.touch(now);
            List<SessionEntry> result = List.copyOf(created);
            key.ifPresent(k -> session.keys.put(k, new MemorySession.KeyedWrite(fingerprint, result, null)));
            return result;
        });
    }

    /** What the first write under {@code key} returned, when this write is the same; otherwise a conflict. */
    private static MemorySession.KeyedWrite replay(MemorySession session, IdempotencyKey key, String fingerprint) {
        MemorySession.KeyedWrite first = session.keys.get(key);
        if (!first.fingerprint().equals(fingerprint)) {
            throw new IdempotencyKeyReusedException(session.path, key);
        }
        return first;
    }

    @Override
    public List<SessionEntry> entries(SessionPath path, long afterId, int limit) {
        StoreArguments.requirePath(path);
        StoreArguments.requireCursor(afterId);
        StoreArguments.requirePageLimit(limit, MAX_ENTRY_PAGE);
        return read(path, List.of(), session -> {
            List<SessionEntry> page = new ArrayList<>(Math.min(limit, session.entries.size()));
            for (SessionEntry entry : session.entries.tailMap(afterId, false).values()) {
                if (page.size() == limit) {
                    break;
                }
                page.add(entry);
            }
            return page;
        });
    }

    @Override
    public Optional<SessionEntry> entry(SessionPath path, long id) {
        StoreArguments.requirePath(path);
        StoreArguments.requireEntryId(id);
        return read(path, Optional.empty(), session -> Optional.ofNullable(session.entries.get(id)));
    }

    @Override
    public Optional<SessionEntry> head(SessionPath path) {
        StoreArguments.requirePath(path);
        return read(path, Optional.empty(), session -> session.entries.isEmpty()
                ? Optional.empty() : Optional.of(session.entries.lastEntry().getValue()));
    }

    @Override
    public UsageSummary usage(SessionPath path) {
        StoreArguments.requirePath(path);
        return read(path, UsageSummary.ZERO, session -> session.usage);
    }

    @Override
    public UsageSummary recordUsage(SessionPath path, UsageDelta delta) {
        StoreArguments.requirePath(path);
        StoreArguments.requireDelta(delta);
        return addUsage(path, delta, null);
    }

    @Override
    public UsageSummary recordUsage(SessionPath path, UsageDelta delta, IdempotencyKey key) {
        StoreArguments.requirePath(path);
        StoreArguments.requireDelta(delta);
        return addUsage(path, delta, StoreArguments.requireKey(key));
    }

    /** Adds a non-zero delta once, under {@code key} when there is one; an all-zero delta writes nothing. */
    private UsageSummary addUsage(SessionPath path, UsageDelta delta, IdempotencyKey key) {
        if (delta.isZero()) {
            return usage(path);
        }
        String fingerprint = key == null ? null : WriteFingerprint.of(delta);
        return write(path, session -> {
            if (key != null && session.keys.containsKey(key)) {
                return replay(session, key, fingerprint).usage();
            }
            session.usage = session.usage.plus(delta);
            session.touch(clock.instant());
            if (key != null) {
                session.keys.put(key, new MemorySession.KeyedWrite(fingerprint, null, session.usage));
            }
            return session.usage;
        });
    }

    @Override
    public Map<String, String> updateMetadata(SessionPath path, MetadataUpdate update) {
        StoreArguments.requirePath(path);
        StoreArguments.requireMetadataUpdate(update);
        if (update.puts().isEmpty()) {
            // Nothing to create: an absent session stays absent.
            return read(path, Map.of(), session -> {
                SortedMap<String, String> next = update.applyTo(session.metadata);
                if (!update.isEmpty()) {
                    session.metadata = next;
                    session.touch(clock.instant());
                }
                return next;
            });
        }
        return write(path, session -> {
            session.metadata = update.applyTo(session.metadata);
            session.touch(clock.instant());
            return session.metadata;
        });
    }

    @Override
    public Map<String, String> metadata(SessionPath path) {
        StoreArguments.requirePath(path);
        return read(path, Map.of(), session -> session.metadata);
    }

    @Override
    public List<SessionSummary> listSessions(SessionListing listing) {
        StoreArguments.requireListing(listing);
        NavigableMap<SessionPath, MemorySession> range = storage.sessions;
        SessionPath prefix = listing.prefix();
        SessionPath after = listing.after();
        if (after != null && (prefix == null || after.compareTo(prefix) >= 0)) {
            range = range.tailMap(after, false);
        } else if (prefix != null) {
            range = range.tailMap(prefix, true);
        }
        List<SessionSummary> page = new ArrayList<>();
        for (Map.Entry<SessionPath, MemorySession> e : range.entrySet()) {
            if (page.size() == listing.limit()) {
                break;
            }
            SessionPath path = e.getKey();
            if (listing.prefix() != null && !path.startsWith(listing.prefix())) {
                // Paths below a prefix sort together except for siblings such as "a/b-x" that sort
                // between "a/b" and "a/b/..."; skip those, stop once past the prefix entirely.
                if (!path.value().startsWith(listing.prefix().value())) {
                    break;
                }
                continue;
            }
            MemorySession session = e.getValue();
            synchronized (session) {
                if (!session.retired && session.exists()) {
                    page.add(session.summary());
                }
            }
        }
        return page;
    }

    @Override
    public boolean deleteSession(SessionPath path) {
        StoreArguments.requirePath(path);
        MemorySession session = storage.sessions.get(path);
        if (session == null) {
            return false;
        }
        synchronized (session) {
            if (session.retired) {
                return false;
            }
            boolean existed = session.exists();
            session.retired = true;
            storage.sessions.remove(path, session);
            return existed;
        }
    }

    /** Runs {@code action} on the session's state under its lock; an absent session reads as {@code absent}. */
    private <T> T read(SessionPath path, T absent, Function<MemorySession, T> action) {
        MemorySession session = storage.sessions.get(path);
        if (session == null) {
            return absent;
        }
        synchronized (session) {
            return session.retired ? absent : action.apply(session);
        }
    }

    /**
     * Runs {@code action} under the session's lock, creating the session if needed. The action either
     * throws before changing anything or applies all its changes; a session left empty by a failed
     * first write is removed again.
     */
    private <T> T write(SessionPath path, Function<MemorySession, T> action) {
        while (true) {
            MemorySession session = storage.sessions.computeIfAbsent(path, MemorySession::new);
            synchronized (session) {
                if (session.retired) {
                    continue; // deleted concurrently: retry on a fresh session
                }
                try {
                    return action.apply(session);
                } finally {
                    if (!session.exists()) {
                        session.retired = true;
                        storage.sessions.remove(path, session);
                    }
                }
            }
        }
    }

    @Override
    public String toString() {
        return "InMemorySessionStore[" + storage.sessions.size() + " sessions]";
    }

    /** Builds an {@link InMemorySessionStore}. */
    public static final class Builder {
        private InMemorySessionStorage storage = new InMemorySessionStorage();
        private SessionLimits limits = SessionLimits.DEFAULTS;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** Shares existing storage (default: new, empty storage). */
        public Builder storage(InMemorySessionStorage storage) {
            this.storage = Objects.requireNonNull(storage, "storage");
            return this;
        }

        public Builder limits(SessionLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** The clock that stamps {@link SessionEntry#acceptedAt()} (default: the system UTC clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public InMemorySessionStore build() {
            return new InMemorySessionStore(this);
        }
    }
}
