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
 *   <li>{@link #create(NewCase, IdempotencyKey)} and {@link #decide(UUID, NewDecision, IdempotencyKey)}
 *       with a key write at most once per key: the first call writes (the key is stored in the same
 *       transaction as the write); a repeat with the same key and the same request writes nothing and
 *       returns what the first call returned (same id, timestamps and decision), also from a new
 *       repository over the same storage and also when the first call's reply was lost; the same key
 *       with a different request throws {@link IdempotencyKeyReusedException} and writes nothing. Of
 *       concurrent calls with one key exactly one writes. A keyed decide that already happened returns
 *       the decided case, never {@link CaseAlreadyDecidedException}.</li>
 *   <li>Implementations are thread-safe.</li>
 * </ul>
 * Input validation happens in {@link NewCase}, {@link NewDecision} and {@link CaseQuery}, so a
 * repository never sees invalid values. Storage failures surface as {@link CaseStoreException}, or
 * {@link CaseStoreUnavailableException} when transient.
 */
public interface CaseRepository extends AutoCloseable {

    /** Opens a new case; same as {@code create(newCase, null)}. */
    default CaseRecord create(NewCase newCase) {
        return create(newCase, null);
    }

    /**
     * Opens a new case, at most once per idempotency key.
     *
     * @param key {@code null} for an unkeyed create (every call opens a new case)
     * @return the new case; for a repeated key, the case as the first call returned it
     * @throws IdempotencyKeyReusedException when the key was used for a different request
     */
    CaseRecord create(NewCase newCase, IdempotencyKey key);

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
    default CaseRecord decide(UUID id, NewDecision decision) {
        return decide(id, decision, null);
    }

    /**
     * Records the decision and moves the case to DECIDED, atomically, at most once per idempotency key.
     *
     * @param key {@code null} for an unkeyed decide
     * @return the decided case, with its decision; for a repeated key, the case the first call decided
     * @throws CaseNotFoundException          when no case has this id
     * @throws CaseAlreadyDecidedException    when the case was decided by another request (nothing written)
     * @throws IdempotencyKeyReusedException  when the key was used for a different request
     */
    CaseRecord decide(UUID id, NewDecision decision, IdempotencyKey key);

    /** Releases what the repository owns (e.g. its connection pool). Idempotent. */
    @Override
    default void close() {
    }
}
