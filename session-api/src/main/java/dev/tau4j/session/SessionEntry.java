package dev.tau4j.session;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One immutable entry of a session: its store-assigned {@code id} (≥ 1, unique and never reused within
 * the session), its parent (empty for a root), the message, and the instant the store accepted it
 * (microsecond precision on every backend).
 */
public record SessionEntry(long id, OptionalLong parentId, Message message, Instant acceptedAt) {

    public SessionEntry {
        if (id < 1) {
            throw new IllegalArgumentException("entry id must be >= 1, got " + id);
        }
        Objects.requireNonNull(parentId, "parentId");
        if (parentId.isPresent() && parentId.getAsLong() >= id) {
            throw new IllegalArgumentException("parent " + parentId.getAsLong() + " must precede entry " + id);
        }
        Objects.requireNonNull(message, "message");
        acceptedAt = Objects.requireNonNull(acceptedAt, "acceptedAt").truncatedTo(ChronoUnit.MICROS);
    }

    /** True when the entry has no parent. */
    public boolean isRoot() {
        return parentId.isEmpty();
    }
}
