package dev.tau4j.micrometer;

import dev.tau4j.cases.CaseAlreadyDecidedException;
import dev.tau4j.cases.CaseNotFoundException;
import dev.tau4j.cases.CaseOutcomeUnknownException;
import dev.tau4j.cases.CasePage;
import dev.tau4j.cases.CaseQuery;
import dev.tau4j.cases.CaseRecord;
import dev.tau4j.cases.CaseRepository;
import dev.tau4j.cases.CaseStoreUnavailableException;
import dev.tau4j.cases.IdempotencyKey;
import dev.tau4j.cases.IdempotencyKeyReusedException;
import dev.tau4j.cases.InvalidCaseInputException;
import dev.tau4j.cases.NewCase;
import dev.tau4j.cases.NewDecision;
import dev.tau4j.micrometer.internal.OperationTimers;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A {@link CaseRepository} that times every call of the repository it wraps in the timer
 * {@value #TIMER} (Prometheus: {@code tau4j_case_operations_seconds}), tagged {@code backend},
 * {@code operation} ({@code create}, {@code find}, {@code list}, {@code decide}) and {@code outcome}:
 * {@code success}, {@code invalid_input}, {@code not_found}, {@code conflict} (already decided),
 * {@code key_reused}, {@code unavailable} (nothing applied), {@code outcome_unknown} or
 * {@code failure} — the same vocabulary as {@link MeteredSessionStore}. No tag carries a case id or any
 * content. Results and exceptions are the wrapped repository's; closing this closes it.
 */
public final class MeteredCaseRepository implements CaseRepository {

    /** Name of the timer. */
    public static final String TIMER = "tau4j.case.operations";

    private final CaseRepository delegate;
    private final OperationTimers timers;

    private MeteredCaseRepository(CaseRepository delegate, MeterRegistry registry, String backend) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.timers = new OperationTimers(registry, TIMER, "Calls of a tau4j case repository", backend,
                MeteredCaseRepository::outcome);
    }

    /**
     * Wraps {@code repository}.
     *
     * @param repository the repository to time
     * @param registry   where the timers go
     * @param backend    the {@code backend} tag: 1..64 characters of {@code [a-z0-9_.-]}
     * @return the timed repository
     */
    public static MeteredCaseRepository wrap(CaseRepository repository, MeterRegistry registry, String backend) {
        return new MeteredCaseRepository(repository, registry, backend);
    }

    static String outcome(RuntimeException e) {
        if (e instanceof InvalidCaseInputException) {
            return "invalid_input";
        } else if (e instanceof CaseNotFoundException) {
            return "not_found";
        } else if (e instanceof CaseAlreadyDecidedException) {
            return "conflict";
        } else if (e instanceof IdempotencyKeyReusedException) {
            return "key_reused";
        } else if (e instanceof CaseStoreUnavailableException) {
            return "unavailable";
        } else if (e instanceof CaseOutcomeUnknownException) {
            return "outcome_unknown";
        }
        return "failure";
    }

    @Override
    public CaseRecord create(NewCase newCase, IdempotencyKey key) {
        return timers.time("create", () -> delegate.create(newCase, key));
    }

    @Override
    public Optional<CaseRecord> find(UUID id) {
        return timers.time("find", () -> delegate.find(id));
    }

    @Override
    public CasePage list(CaseQuery query) {
        return timers.time("list", () -> delegate.list(query));
    }

    @Override
    public CaseRecord decide(UUID id, NewDecision decision, IdempotencyKey key) {
        return timers.time("decide", () -> delegate.decide(id, decision, key));
    }

    @Override
    public void close() {
        delegate.close();
    }
}
