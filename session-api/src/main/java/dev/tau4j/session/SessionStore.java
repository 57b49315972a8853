package dev.tau4j.session;

import dev.tau4j.session.internal.StoreArguments;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Storage of agent sessions: append-only forests of {@link SessionEntry}s with a {@link UsageSummary},
 * isolated by {@link SessionPath}.
 *
 * <p>Guarantees every implementation keeps (the conformance kit checks each):
 * <ul>
 *   <li>Ids are assigned per session, starting at 1, strictly increasing, never reused.</li>
 *   <li>An {@link Append} is atomic, usage and metadata included: all of it is written or none of it.</li>
 *   <li>Appends to one session are serialized: concurrent writers never lose an entry or duplicate an
 *       id; different sessions do not block each other.</li>
 *   <li>Bad input throws an {@link InvalidInputException} naming the problem and writes nothing.</li>
 *   <li>Implementations are thread-safe.</li>
 * </ul>
 *
 * <p>Retries: an {@link Append} and {@link #recordUsage(SessionPath, UsageDelta, IdempotencyKey)} may carry
 * an {@link IdempotencyKey}; a keyed write happens at most once per session, and its repeats return what
 * the first one returned. After {@link StoreUnavailableException} nothing was written: retry freely.
 * After {@link StoreOutcomeUnknownException} the write may have happened: retry with the same key. A
 * backend that does not support keys throws {@link UnsupportedOperationException} for a keyed write and
 * writes nothing (tau4j's backends support them).
 *
 * <p>The abstract methods are the core a backend implements; the default methods are computed over them
 * and may be overridden only to be faster (for example lineage as one recursive query).
 */
public interface SessionStore extends AutoCloseable {

    /** Default page size of {@link #entries(SessionPath)}. */
    int ENTRY_PAGE_SIZE = 1_000;
    /** Upper bound on the {@code limit} of {@link #entries(SessionPath, long, int)}. */
    int MAX_ENTRY_PAGE = 10_000;

    /**
     * Appends a chain of messages atomically.
     *
     * @return the new entries, in order, with their assigned ids
     * @throws EntryNotFoundException when the parent does not exist in the session
     * @throws StaleHeadException     when an expected head is stated and differs from the session's head
     *                                (not when the append is a repeat of a keyed append that was written)
     * @throws IdempotencyKeyReusedException when the append's key was used in this session for a
     *                                different write
     * @throws InvalidInputException  for an oversized or unstorable message or a bad usage delta
     * @throws UnsupportedOperationException when the append has a key and the backend does not support keys
     */
    List<SessionEntry> append(Append append);

    /**
     * A page of entries in id order: those with an id above {@code afterId} (0 for the first page), at
     * most {@code limit} (1..{@value #MAX_ENTRY_PAGE}). An unknown session reads as empty.
     */
    List<SessionEntry> entries(SessionPath path, long afterId, int limit);

    /** The entry with this id, or empty. */
    Optional<SessionEntry> entry(SessionPath path, long id);

    /** The most recently appended entry (the highest id), or empty for a session with no entry. */
    Optional<SessionEntry> head(SessionPath path);

    /** The session's cumulative usage; {@link UsageSummary#ZERO} for a session with none. */
    UsageSummary usage(SessionPath path);

    /**
     * Adds {@code delta} to the session's usage atomically (no lost increment under concurrency). An
     * all-zero delta writes nothing.
     *
     * @return the session's usage after the delta
     * @throws InvalidUsageException when the totals would overflow
     */
    UsageSummary recordUsage(SessionPath path, UsageDelta delta);

    /**
     * Adds {@code delta} to the session's usage at most once under {@code key}: the first call adds it
     * and returns the usage after it; a repeat with the same key and delta adds nothing and returns what
     * the first call returned, also after a restart or when the first reply was lost. An all-zero delta
     * writes nothing and stores no key.
     *
     * @return the session's usage after the delta
     * @throws IdempotencyKeyReusedException when the key was used in this session for a different write
     * @throws InvalidUsageException         when the totals would overflow
     * @throws UnsupportedOperationException when the backend does not support idempotency keys
     */
    default UsageSummary recordUsage(SessionPath path, UsageDelta delta, IdempotencyKey key) {
        throw new UnsupportedOperationException(getClass().getName() + " does not support idempotency keys");
    }

    /** One page of sessions, ordered by path; see {@link SessionListing}. */
    List<SessionSummary> listSessions(SessionListing listing);

    /**
     * Applies {@code update} to the session's metadata atomically and returns the new map (ordered by
     * name). Concurrent updates of one session are serialized with each other and with appends, so no
     * name set by one is lost by another. An update that sets a name creates the session when needed;
     * an empty update, or one that only removes names from a session that does not exist, writes
     * nothing. See {@link MetadataUpdate} for the rules and why the shape is this small.
     *
     * @return the session's metadata after the update
     * @throws InvalidMetadataException      when the session would hold more than
     *                                       {@value MetadataUpdate#MAX_NAMES} names (nothing is written)
     * @throws UnsupportedOperationException when the backend keeps no metadata (tau4j's backends do)
     */
    default Map<String, String> updateMetadata(SessionPath path, MetadataUpdate update) {
        throw new UnsupportedOperationException(getClass().getName() + " does not keep session metadata");
    }

    /**
     * The session's metadata, ordered by name; empty for a session with none or no session. By default
     * read from the first page of {@link #listSessions(SessionListing)} under {@code path} (one small
     * read: the session itself sorts first).
     */
    default Map<String, String> metadata(SessionPath path) {
        StoreArguments.requirePath(path);
        List<SessionSummary> first = listSessions(SessionListing.under(path).limit(1));
        return first.isEmpty() || !first.get(0).path().equals(path) ? Map.of() : first.get(0).metadata();
    }

    /**
     * Deletes the session: its entries, its usage, its metadata and its idempotency keys. A later append to the same path starts a new
     * session whose ids start again at 1.
     *
     * @return whether the session existed
     */
    boolean deleteSession(SessionPath path);

    /** The limits this store enforces on its input. */
    default SessionLimits limits() {
        return SessionLimits.DEFAULTS;
    }

    /**
     * Every entry of the session, in id order, as one list: the whole session is held in memory. For a
     * session that may be large, use {@link #stream(SessionPath)}.
     */
    default List<SessionEntry> entries(SessionPath path) {
        try (Stream<SessionEntry> all = stream(path)) {
            return all.toList();
        }
    }

    /**
     * Every entry of the session, in id order, read lazily in pages of {@value #ENTRY_PAGE_SIZE} with
     * {@link #entries(SessionPath, long, int)}: memory stays flat whatever the session's size, and no
     * connection or lock is held between pages. Entries appended while the stream is consumed may or may
     * not be included (those with an id above the last page read are). Each page is read when the
     * stream reaches it, so a storage failure surfaces from the stream's terminal operation.
     */
    default Stream<SessionEntry> stream(SessionPath path) {
        StoreArguments.requirePath(path);
        Spliterator<SessionEntry> pages = new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE,
                Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.DISTINCT) {
            private Iterator<SessionEntry> page = Collections.emptyIterator();
            private long after;
            private boolean last;

            @Override
            public boolean tryAdvance(Consumer<? super SessionEntry> action) {
                if (!page.hasNext()) {
                    if (last) {
                        return false;
                    }
                    List<SessionEntry> next = entries(path, after, ENTRY_PAGE_SIZE);
                    last = next.size() < ENTRY_PAGE_SIZE;
                    if (next.isEmpty()) {
                        return false;
                    }
                    after = next.get(next.size() - 1).id();
                    page = next.iterator();
                }
                action.accept(page.next());
                return true;
            }
        };
        return StreamSupport.stream(pages, false);
    }

    /**
     * Entries with no child, in id order. Computed in one pass over {@link #stream(SessionPath)}: a
     * parent precedes its children, so an entry stops being a tip when a later entry names it as its
     * parent; memory holds the current tips only.
     */
    default List<SessionEntry> tips(SessionPath path) {
        NavigableMap<Long, SessionEntry> tips = new TreeMap<>();
        try (Stream<SessionEntry> all = stream(path)) {
            all.forEach(entry -> {
                entry.parentId().ifPresent(tips::remove);
                tips.put(entry.id(), entry);
            });
        }
        return List.copyOf(tips.values());
    }

    /**
     * The path from a root to {@code headId}, root first.
     *
     * @throws EntryNotFoundException when {@code headId} does not exist in the session
     */
    default List<SessionEntry> lineage(SessionPath path, long headId) {
        StoreArguments.requirePath(path);
        StoreArguments.requireEntryId(headId);
        return walkUp(path, headId, Integer.MAX_VALUE);
    }

    /**
     * The last {@code maxEntries} entries of the lineage of {@code headId} (fewer when the lineage is
     * shorter), root-most first: a suffix of {@link #lineage(SessionPath, long)}, read at a cost of what
     * it returns whatever the session's size. By default one {@link #entry(SessionPath, long)} per
     * returned entry, walking up from {@code headId}; PostgreSQL reads it as one recursive query bounded
     * by depth.
     *
     * @param maxEntries 1..{@value #MAX_ENTRY_PAGE}
     * @throws EntryNotFoundException when {@code headId} does not exist in the session
     */
    default List<SessionEntry> lineageTail(SessionPath path, long headId, int maxEntries) {
        StoreArguments.requirePath(path);
        StoreArguments.requireEntryId(headId);
        StoreArguments.requirePageLimit(maxEntries, MAX_ENTRY_PAGE);
        return walkUp(path, headId, maxEntries);
    }

    /** Up to {@code max} entries from {@code headId} towards its root, one read each; root-most first. */
    private List<SessionEntry> walkUp(SessionPath path, long headId, int max) {
        List<SessionEntry> reversed = new ArrayList<>();
        OptionalLong next = OptionalLong.of(headId);
        while (next.isPresent() && reversed.size() < max) {
            long id = next.getAsLong();
            SessionEntry entry = entry(path, id).orElseThrow(() -> new EntryNotFoundException(path, id));
            reversed.add(entry);
            next = entry.parentId();
        }
        Collections.reverse(reversed);
        return reversed;
    }

    /** Releases what the store owns (a connection pool it created); a no-op by default. */
    @Override
    default void close() {
    }
}
