package dev.tau4j.cases;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of cases, newest first ({@code created_at} descending, then id descending).
 *
 * @param cases      at most the requested limit
 * @param nextCursor opaque token for the next page, {@code null} on the last page
 */
public record CasePage(List<CaseRecord> cases, String nextCursor) {

    public CasePage {
        cases = List.copyOf(Objects.requireNonNull(cases, "cases"));
    }

    /** The cursor of the next page, empty on the last page. */
    public Optional<String> next() {
        return Optional.ofNullable(nextCursor);
    }
}
