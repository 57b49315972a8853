package dev.tau4j.cases;

import java.util.Optional;
import java.util.UUID;

/**
 * Stores cases and their decisions.
 *
 * <p>Guarantees every implementation keeps (checked by the {@code CaseRepositoryContract} test kit):
 * <ul>
 *   <li>{@link #create} assigns a fresh random id and stamps {@code createdAt = updatedAt} with
 *       microsecond precision; the case starts {@link CaseStatus#OPEN}.</li>
 *   <li>{@link #list} is newest first: {@code createdAt} descending, then id descending (ids compared
 *       as unsigned 128-bit numbers, as PostgreSQL compares {@code uuid}); paging by cursor neither
 *       skips nor repeats a case that existed when the first page was read.</li>
 *   <li>{@link #decide} is atomic: the decision is written and the case moves to
 *       {@link CaseStatus#DECIDED} together or not at all; of concurrent decides on one case exactly
 *       one wins and the others get {@link CaseAlreadyDecidedException}.</li>
 *   <li>Implementations are thread-safe.</li>
 * </ul>
 * Input validation happens in {@link NewCase}, {@link NewDecision} and {@link CaseQuery}, so a
 * repository never sees invalid values. Storage failures surface as {@link CaseStoreException}, or
 * {@link CaseStoreUnavailableException} when transient.
 */
public interface CaseRepository extends AutoCloseable {

    /** Opens a new case. */
    CaseRecord create(NewCase newCase);

    /** The case with this id, with its decision if any. */
    Optional<CaseRecord> find(UUID id);

    /**
     * The case with this id.
     *
     * @throws CaseNotFoundException when there is none
     */
    default CaseRecord get(UUID id) {
        return find(id).orElseThrow(() -> new CaseNotFoundException(id));
    }

    /** A page of cases, newest first. */
    CasePage list(CaseQuery query);

    /**
     * Records the decision and moves the case to DECIDED, atomically.
     *
     * @return the decided case, with its decision
     * @throws CaseNotFoundException        when no case has this id
     * @throws CaseAlreadyDecidedException  when the case is already decided (nothing written)
     */
    CaseRecord decide(UUID id, NewDecision decision);

    /** Releases what the repository owns (e.g. its connection pool). Idempotent. */
    @Override
    default void close() {
    }
}
