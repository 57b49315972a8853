package dev.tau4j.cases;

import dev.tau4j.cases.internal.CaseCursor;
import dev.tau4j.cases.internal.CaseOrder;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A {@link CaseRepository} in memory, with the same semantics as the PostgreSQL one: thread-safe,
 * atomic decide (exactly one winner among concurrent decides), newest-first keyset paging.
 * Nothing survives the JVM. Listing costs O(n log n) in the number of cases.
 */
public final class InMemoryCaseRepository implements CaseRepository {

    private final ConcurrentHashMap<UUID, CaseRecord> cases = new ConcurrentHashMap<>();
    private final Clock clock;

    /** A repository stamping times from the system UTC clock. */
    public InMemoryCaseRepository() {
        this(Clock.systemUTC());
    }

    /** A repository stamping times from {@code clock} (truncated to microseconds). */
    public InMemoryCaseRepository(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public CaseRecord create(NewCase newCase) {
        Objects.requireNonNull(newCase, "newCase");
        Instant now = CaseOrder.now(clock);
        while (true) {
            CaseRecord record = new CaseRecord(UUID.randomUUID(), newCase.caseType(), newCase.title(), newCase.lot(),
                    CaseStatus.OPEN, now, now, null);
            if (cases.putIfAbsent(record.id(), record) == null) {
                return record;
            }
        }
    }

    @Override
    public Optional<CaseRecord> find(UUID id) {
        Objects.requireNonNull(id, "id");
        return Optional.ofNullable(cases.get(id));
    }

    @Override
    public CasePage list(CaseQuery query) {
        Objects.requireNonNull(query, "query");
        CaseCursor cursor = query.cursor() == null ? null : CaseCursor.decode(query.cursor());
        List<CaseRecord> page = cases.values().stream()
                .filter(c -> query.status() == null || c.status() == query.status())
                .filter(c -> cursor == null || CaseOrder.isAfter(c, cursor))
                .sorted(CaseOrder.NEWEST_FIRST)
                .limit(query.limit() + 1L)
                .collect(Collectors.toList());
        if (page.size() > query.limit()) {
            List<CaseRecord> shown = page.subList(0, query.limit());
            return new CasePage(shown, CaseCursor.after(shown.get(shown.size() - 1)).encode());
        }
        return new CasePage(page, null);
    }

    @Override
    public CaseRecord decide(UUID id, NewDecision decision) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(decision, "decision");
        // compute() runs atomically per key: concurrent decides on one case are serialized, and an
        // exception thrown inside leaves the mapping unchanged.
        CaseRecord decided = cases.compute(id, (key, current) -> {
            if (current == null) {
                throw new CaseNotFoundException(id);
            }
            if (current.status() != CaseStatus.OPEN) {
                throw new CaseAlreadyDecidedException(id);
            }
            Instant now = CaseOrder.nowNotBefore(clock, current.createdAt());
            Decision d = new Decision(decision.chosenSupplier(), decision.decisionReason(), decision.nextAction(),
                    decision.decidedBy(), now);
            return new CaseRecord(current.id(), current.caseType(), current.title(), current.lot(),
                    CaseStatus.DECIDED, current.createdAt(), now, d);
        });
        return decided;
    }
}
