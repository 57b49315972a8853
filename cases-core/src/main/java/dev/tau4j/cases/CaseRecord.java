package dev.tau4j.cases;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A case as stored, with its decision once it has one. Invariant: {@code status == DECIDED} exactly
 * when {@code decision != null}. Timestamps have microsecond precision (what PostgreSQL keeps).
 *
 * @param id        assigned by the repository
 * @param caseType  DAO or RFQ
 * @param title     trimmed, non-blank
 * @param lot       trimmed, or {@code null}
 * @param status    OPEN or DECIDED
 * @param createdAt when the case was created
 * @param updatedAt when it last changed (its creation, or its decision)
 * @param decision  the decision, {@code null} while OPEN
 */
public record CaseRecord(UUID id, CaseType caseType, String title, String lot, CaseStatus status,
                         Instant createdAt, Instant updatedAt, Decision decision) {

    public CaseRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(caseType, "caseType");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if ((status == CaseStatus.DECIDED) != (decision != null)) {
            throw new IllegalArgumentException("a case is DECIDED exactly when it has a decision");
        }
    }

    /** The decision, empty while the case is open. */
    public Optional<Decision> decisionIfAny() {
        return Optional.ofNullable(decision);
    }

    public boolean isDecided() {
        return status == CaseStatus.DECIDED;
    }
}
