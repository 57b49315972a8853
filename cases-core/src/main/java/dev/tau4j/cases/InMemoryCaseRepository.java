package dev.tau4j.cases;

import dev.tau4j.cases.internal.CaseCursor;
import dev.tau4j.cases.internal.CaseOrder;
import dev.tau4j.cases.internal.RequestFingerprint;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A {@link CaseRepository} in memory, with the same semantics as the PostgreSQL one: thread-safe,
 * atomic decide (exactly one winner among concurrent decides), newest-first keyset paging, and
 * idempotency keys (keyed writes are serialized with one another, so one key writes once).
 * Nothing survives the JVM, keys included. Listing costs O(n log n) in the number of cases.
 */
public final class InMemoryCaseRepository implements CaseRepository {

    private final ConcurrentHashMap<UUID, CaseRecord> cases = new ConcurrentHashMap<>();
    /** Key → what its first write returned; read and written only under {@code synchronized (keys)}. */
    private final Map<IdempotencyKey, KeyedResult> keys = new HashMap<>();
    private final Clock clock;

    /** A repository stamping times from the system UTC clock. */
    public InMemoryCaseRepository() {
        this(Clock.systemUTC());
    }

    /** A repository stamping times from {@code clock} (truncated to microseconds). */
    public InMemoryCaseRepository(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    private record KeyedResult(String fingerprint, CaseRecord result) {
    }

    @Override
    public CaseRecord create(NewCase newCase, IdempotencyKey key) {
        Objects.requireNonNull(newCase, "newCase");
        return key == null ? insert(newCase) : keyed(key, RequestFingerprint.of(newCase), () -> insert(newCase));
    }

    private CaseRecord insert(NewCase newCase) {
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
    public CaseRecord decide(UUID id, NewDecision decision, IdempotencyKey key) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(decision, "decision");
        return key == null ? record(id, decision) : keyed(key, RequestFingerprint.of(id, decision),
                () -> record(id, decision));
    }

    /** Runs {@code write} once per key: a repeat returns the stored result, another request is refused. */
    private CaseRecord keyed(IdempotencyKey key, String fingerprint, Supplier<CaseRecord> write) {
        synchronized (keys) {
            KeyedResult stored = keys.get(key);
            if (stored != null) {
                if (!stored.fingerprint().equals(fingerprint)) {
                    throw new IdempotencyKeyReusedException(key);
                }
                return stored.result();
            }
            CaseRecord result = write.get();
            keys.put(key, new KeyedResult(fingerprint, result));
            return result;
        }
    }

    private CaseRecord record(UUID id, NewDecision decision) {
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
