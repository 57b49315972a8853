package dev.tau4j.session;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * One session as seen by {@link SessionStore#listSessions(SessionListing)}: its path, its head (the
 * highest entry id, empty when it has no entry), its usage, when it was created and last written, and
 * its {@link MetadataUpdate metadata} (ordered by name, empty when it has none).
 */
public record SessionSummary(SessionPath path, OptionalLong headId, UsageSummary usage, Instant createdAt,
        Instant updatedAt, Map<String, String> metadata) {

    /** A summary of a session without metadata. */
    public SessionSummary(SessionPath path, OptionalLong headId, UsageSummary usage, Instant createdAt,
                          Instant updatedAt) {
        this(path, headId, usage, createdAt, updatedAt, Map.of());
    }

    public SessionSummary {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(headId, "headId");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        metadata = Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(metadata, "metadata")));
    }
}
