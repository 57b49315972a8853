package dev.tau4j.session.memory;

import dev.tau4j.session.IdempotencyKey;
import dev.tau4j.session.SessionEntry;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.SessionSummary;
import dev.tau4j.session.UsageSummary;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One session's state. Every field is guarded by the instance's monitor: writers to one session are
 * serialized, sessions never block each other. A session that was removed from the storage is
 * {@code retired} and must not be written again (the writer retries with a fresh one).
 */
final class MemorySession {
    final SessionPath path;
    final NavigableMap<Long, SessionEntry> entries = new TreeMap<>();
    /** The highest id ever assigned in this session; ids are never reused. */
    long lastEntryId;
    UsageSummary usage = UsageSummary.ZERO;
    /** The session's metadata, ordered by name; replaced whole by each write that changes it. */
    SortedMap<String, String> metadata = Collections.emptySortedMap();
    Instant createdAt;
    Instant updatedAt;
    boolean retired;
    /** The keyed writes of this session, by key: what each first write returned. */
    final Map<IdempotencyKey, KeyedWrite> keys = new HashMap<>();

    /**
     * What a keyed write returned, kept to answer its repeats.
     *
     * @param fingerprint {@link dev.tau4j.session.internal.WriteFingerprint} of the write
     * @param entries     the entries of a keyed append, or {@code null} for a usage record
     * @param usage       the usage after a keyed usage record, or {@code null} for an append
     */
    record KeyedWrite(String fingerprint, List<SessionEntry> entries, UsageSummary usage) {
    }

    MemorySession(SessionPath path) {
        this.path = path;
    }

    /** Whether a write was committed to the session; one that was never written is not listed. */
    boolean exists() {
        return createdAt != null;
    }

    long head() {
        return entries.isEmpty() ? 0 : entries.lastKey();
    }

    void touch(Instant now) {
        if (createdAt == null) {
            createdAt = now;
        }
        updatedAt = now;
    }

    SessionSummary summary() {
        long head = head();
        return new SessionSummary(path, head == 0 ? OptionalLong.empty() : OptionalLong.of(head), usage, createdAt,
                updatedAt, metadata);
    }
}
