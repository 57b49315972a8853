package dev.tau4j.cases;

import dev.tau4j.cases.internal.CaseCursor;

/**
 * What {@link CaseRepository#list} returns: up to {@code limit} cases (1..{@value #MAX_LIMIT},
 * default {@value #DEFAULT_LIMIT}), after {@code cursor} (a {@link CasePage#nextCursor()} from the
 * same listing, or {@code null} for the first page), only those with {@code status} when not
 * {@code null}.
 *
 */
public record CaseQuery(int limit, String cursor, CaseStatus status) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    /** @throws InvalidCaseInputException naming {@code limit} or {@code cursor} */
    public CaseQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidCaseInputException("limit", "limit must be between 1 and " + MAX_LIMIT);
        }
        if (cursor != null) {
            CaseCursor.decode(cursor); // validates
        }
    }

    /** The first page, {@value #DEFAULT_LIMIT} cases, any status. */
    public static CaseQuery firstPage() {
        return new CaseQuery(DEFAULT_LIMIT, null, null);
    }

    public CaseQuery withLimit(int newLimit) {
        return new CaseQuery(newLimit, cursor, status);
    }

    public CaseQuery withStatus(CaseStatus newStatus) {
        return new CaseQuery(limit, cursor, newStatus);
    }

    /** The page after the one that returned {@code nextCursor}. */
    public CaseQuery after(String nextCursor) {
        return new CaseQuery(limit, nextCursor, status);
    }
}
