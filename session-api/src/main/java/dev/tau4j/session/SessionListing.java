package dev.tau4j.session;

import dev.tau4j.session.internal.StoreArguments;

/**
 * A page request for {@link SessionStore#listSessions(SessionListing)}: sessions whose path is
 * {@code prefix} or lies below it (segment-aware; all sessions when {@code prefix} is null), ordered by
 * path, strictly after {@code after} (null for the first page), at most {@code limit} of them.
 */
public record SessionListing(SessionPath prefix, SessionPath after, int limit) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 10_000;

    public SessionListing {
        StoreArguments.requirePageLimit(limit, MAX_LIMIT);
    }

    /** Every session, first page. */
    public static SessionListing all() {
        return new SessionListing(null, null, DEFAULT_LIMIT);
    }

    /** Sessions at or below {@code prefix}, first page. */
    public static SessionListing under(SessionPath prefix) {
        if (prefix == null) {
            throw new InvalidInputException("listing prefix must not be null (use SessionListing.all())");
        }
        return new SessionListing(prefix, null, DEFAULT_LIMIT);
    }

    /** The page after {@code path} (the last path of the previous page). */
    public SessionListing after(SessionPath path) {
        return new SessionListing(prefix, path, limit);
    }

    public SessionListing limit(int limit) {
        return new SessionListing(prefix, after, limit);
    }

    /** Whether {@code path} belongs to this listing's prefix (ignoring paging). */
    public boolean matches(SessionPath path) {
        return prefix == null || path.startsWith(prefix);
    }
}
