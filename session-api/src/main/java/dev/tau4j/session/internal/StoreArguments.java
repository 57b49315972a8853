package dev.tau4j.session.internal;

import dev.tau4j.session.Append;
import dev.tau4j.session.IdempotencyKey;
import dev.tau4j.session.InvalidInputException;
import dev.tau4j.session.InvalidMetadataException;
import dev.tau4j.session.InvalidSessionPathException;
import dev.tau4j.session.InvalidUsageException;
import dev.tau4j.session.MetadataUpdate;
import dev.tau4j.session.SessionListing;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.UsageDelta;

/**
 * Argument checks shared by every {@link SessionStore} implementation, so each backend rejects bad
 * input with the same {@link InvalidInputException} before touching its storage.
 */
public final class StoreArguments {

    private StoreArguments() {
    }

    public static SessionPath requirePath(SessionPath path) {
        if (path == null) {
            throw new InvalidSessionPathException("session path must not be null");
        }
        return path;
    }

    /** An entry id is ≥ 1. */
    public static long requireEntryId(long id) {
        if (id < 1) {
            throw new InvalidInputException("entry id must be >= 1, got " + id);
        }
        return id;
    }

    /** A paging cursor is an entry id, or 0 for the first page. */
    public static long requireCursor(long afterId) {
        if (afterId < 0) {
            throw new InvalidInputException("page cursor must be >= 0, got " + afterId);
        }
        return afterId;
    }

    public static int requirePageLimit(int limit, int max) {
        if (limit < 1 || limit > max) {
            throw new InvalidInputException("page limit must be between 1 and " + max + ", got " + limit);
        }
        return limit;
    }

    public static UsageDelta requireDelta(UsageDelta delta) {
        if (delta == null) {
            throw new InvalidUsageException("usage delta must not be null");
        }
        return delta;
    }

    public static SessionListing requireListing(SessionListing listing) {
        if (listing == null) {
            throw new InvalidInputException("listing must not be null");
        }
        return listing;
    }

    public static Append requireAppend(Append append) {
        if (append == null) {
            throw new InvalidInputException("append must not be null");
        }
        return append;
    }

    public static IdempotencyKey requireKey(IdempotencyKey key) {
        if (key == null) {
            throw new InvalidInputException("idempotency key must not be null");
        }
        return key;
    }

    public static MetadataUpdate requireMetadataUpdate(MetadataUpdate update) {
        if (update == null) {
            throw new InvalidMetadataException("metadata update must not be null");
        }
        return update;
    }
}
