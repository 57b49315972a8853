package dev.tau4j.session;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One session as seen by {@link SessionStore#listSessions(SessionListing)}: its path, its head (the
 * highest entry id, empty when it has no entry), its usage, and when it was created and last written.
 */
public record SessionSummary(SessionPath path, OptionalLong headId, UsageSummary usage, Instant createdAt,
        Instant updatedAt) {

    public SessionSummary {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(headId, "headId");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
