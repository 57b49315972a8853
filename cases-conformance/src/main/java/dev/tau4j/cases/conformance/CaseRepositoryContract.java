package dev.tau4j.cases.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tau4j.cases.CaseAlreadyDecidedException;
import dev.tau4j.cases.CaseNotFoundException;
import dev.tau4j.cases.CasePage;
import dev.tau4j.cases.CaseQuery;
import dev.tau4j.cases.CaseRecord;
import dev.tau4j.cases.CaseRepository;
import dev.tau4j.cases.CaseStatus;
import dev.tau4j.cases.CaseType;
import dev.tau4j.cases.Decision;
import dev.tau4j.cases.IdempotencyKey;
import dev.tau4j.cases.IdempotencyKeyReusedException;
import dev.tau4j.cases.InvalidCaseInputException;
import dev.tau4j.cases.NewCase;
import dev.tau4j.cases.NewDecision;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link CaseRepository} keeps. Bind it with one subclass:
 *
 * <pre>{@code
 * class PostgresCaseRepositoryIT extends CaseRepositoryContract {
 *     private static final AtomicInteger SCHEMAS = new AtomicInteger();
 *
 *     @Override
 *     protected CaseRepository newRepository(Clock clock) {
 *         return PostgresCaseRepository.builder().dataSource(dataSource)
 *                 .schema("cases_it_" + SCHEMAS.incrementAndGet()).clock(clock).build();
 *     }
 * }
 * }</pre>
 *
 * Published as {@code dev.tau4j:cases-conformance} (a normal jar; add it with test scope). It brings
 * {@code junit-jupiter-api} and {@code assertj-core}; a binding also needs a JUnit engine
 * ({@code junit-jupiter}) on its test classpath.
 */
public abstract class CaseRepositoryContract {

    /** Threads racing to decide one case in the concurrency test. */
    protected static final int RACERS = 8;

    /**
     * A new, EMPTY repository, isolated from every other one this method returned (for PostgreSQL: a
     * fresh schema per call, or truncated tables). It must stamp times from {@code clock}. Called once
     * per test; {@link #closeRepository} is called after it.
     */
    protected abstract CaseRepository newRepository(Clock clock);

    /**
     * A second repository over the same storage as {@code current} (for PostgreSQL: the same schema),
     * stamping times from {@code clock}; released with {@link #closeRepository}. The default,
     * {@code null}, means the repository keeps nothing beyond its own instance, and the durability
     * test is reported as skipped with that reason.
     */
    protected CaseRepository reopen(CaseRepository current, Clock clock) {
        return null;
    }

    /** Releases a repository after its test; closes it by default. */
    protected void closeRepository(CaseRepository repository) {
        repository.close();
    }

    /** A clock that moves forward by one millisecond each time it is read: no two stamps are equal. */
    protected static final class SteppingClock extends Clock {
        private final AtomicLong micros;

        public SteppingClock(Instant start) {
            this.micros = new AtomicLong(ChronoUnit.MICROS.between(Instant.EPOCH, start));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.EPOCH.plus(micros.getAndAdd(1000), ChronoUnit.MICROS);
        }
    }

    private static final Instant START = Instant.parse("2025-03-01T08:00:00.123456Z");

    protected CaseRepository repo;

    @BeforeEach
    void openRepository() {
        repo = newRepository(new SteppingClock(START));
    }

    @AfterEach
    void releaseRepository() {
        if (repo != null) {
            closeRepository(repo);
        }
    }

    private static NewDecision decision(String supplier) {
        return new NewDecision(supplier, "Best price and delivery", "Send the purchase order", "Awa");
    }

    private List<CaseRecord> all() {
        List<CaseRecord> out = new ArrayList<>();
        CaseQuery q = CaseQuery.firstPage().withLimit(CaseQuery.MAX_LIMIT);
        while (true) {
            CasePage page = repo.list(q);
            out.addAll(page.cases());
            if (page.nextCursor() == null) {
                return out;
            }
            q = q.after(page.nextCursor());
        }
    }

    @Nested
    @DisplayName("create and read")
    class CreateAndRead {

        @Test
        @DisplayName("a new case is OPEN, has an id and equal creation/update stamps, and reads back equal")
        void createThenGet() {
            CaseRecord created = repo.create(new NewCase(CaseType.DAO, "  Office chairs  ", " lot 4 "));
            assertThat(created.id()).isNotNull();
            assertThat(created.caseType()).isEqualTo(CaseType.DAO);
            assertThat(created.title()).isEqualTo("Office chairs");
            assertThat(created.lot()).isEqualTo("lot 4");
            assertThat(created.status()).isEqualTo(CaseStatus.OPEN);
            assertThat(created.decision()).isNull();
            assertThat(created.createdAt()).isEqualTo(created.updatedAt());
            assertThat(created.createdAt().getNano() % 1000).as("microsecond precision").isZero();

            assertThat(repo.find(created.id())).contains(created);
            assertThat(repo.get(created.id())).isEqualTo(created);
        }

        @Test
        @DisplayName("the lot is optional")
        void withoutLot() {
            CaseRecord created = repo.create(NewCase.of(CaseType.RFQ, "Printer toner"));
            assertThat(created.lot()).isNull();
            assertThat(repo.get(created.id()).lot()).isNull();
        }

        @Test
        @DisplayName("every create gets its own id")
        void distinctIds() {
            Set<UUID> ids = new HashSet<>();
            for (int i = 0; i < 25; i++) {
                ids.add(repo.create(NewCase.of(CaseType.RFQ, "case " + i)).id());
            }
            assertThat(ids).hasSize(25);
            assertThat(all()).hasSize(25);
        }

        @Test
        @DisplayName("an unknown id is absent, and get() says not found")
        void unknownId() {
            UUID unknown = UUID.randomUUID();
            assertThat(repo.find(unknown)).isEmpty();
            assertThatThrownBy(() -> repo.get(unknown))
                    .isInstanceOf(CaseNotFoundException.class)
                    .satisfies(e -> assertThat(((CaseNotFoundException) e).caseId()).isEqualTo(unknown));
        }

        @Test
        @DisplayName("UTF-8 text round-trips exactly: accents, dashes, emoji, quotes")
        void unicode() {
            String title = "Marché n°3 — lot é 🚀 ‘quoted’ \"double\" '; drop table cases; --";
            String lot = "Lot Ω-7 — 東京 🧾";
            CaseRecord created = repo.create(new NewCase(CaseType.DAO, title, lot));
            CaseRecord read = repo.get(created.id());
            assertThat(read.title()).isEqualTo(title);
            assertThat(read.lot()).isEqualTo(lot);

            NewDecision d = new NewDecision("Société Générale d'Équipement 🏭", "Prix le plus bas — délai 3 j\nsecond line",
                    "Émettre le bon de commande ✅", "Zoë Ñúñez");
            repo.decide(created.id(), d);
            Decision stored = repo.get(created.id()).decision();
            assertThat(stored.chosenSupplier()).isEqualTo(d.chosenSupplier());
            assertThat(stored.decisionReason()).isEqualTo(d.decisionReason());
            assertThat(stored.nextAction()).isEqualTo(d.nextAction());
            assertThat(stored.decidedBy()).isEqualTo(d.decidedBy());
        }

        @Test
        @DisplayName("texts at their maximum length are stored whole (length counted in characters)")
        void maximumLengths() {
            String title = "é".repeat(NewCase.MAX_TITLE_LENGTH - 1) + "😀";
            CaseRecord created = repo.create(new NewCase(CaseType.RFQ, title, "l".repeat(NewCase.MAX_LOT_LENGTH)));
            assertThat(repo.get(created.id()).title()).isEqualTo(title);
            NewDecision d = new NewDecision("s".repeat(NewDecision.MAX_SUPPLIER_LENGTH),
                    "r".repeat(NewDecision.MAX_REASON_LENGTH), "n".repeat(NewDecision.MAX_NEXT_ACTION_LENGTH),
                    "b".repeat(NewDecision.MAX_DECIDED_BY_LENGTH));
            assertThat(repo.decide(created.id(), d).decision().decisionReason()).hasSize(NewDecision.MAX_REASON_LENGTH);
        }
    }

    @Nested
    @DisplayName("invalid input writes nothing")
    class InvalidInput {

        @Test
        @DisplayName("a refused case leaves the repository as it was")
        void refusedCase() {
            CaseRecord existing = repo.create(NewCase.of(CaseType.DAO, "existing"));
            assertThatThrownBy(() -> repo.create(new NewCase(CaseType.DAO, "   ", null)))
                    .isInstanceOf(InvalidCaseInputException.class);
            assertThatThrownBy(() -> repo.create(new NewCase(null, "t", null)))
                    .isInstanceOf(InvalidCaseInputException.class);
            assertThatThrownBy(() -> repo.create(new NewCase(CaseType.DAO, "x".repeat(NewCase.MAX_TITLE_LENGTH + 1), null)))
                    .isInstanceOf(InvalidCaseInputException.class);
            assertThatThrownBy(() -> repo.create(new NewCase(CaseType.DAO, "nul \u0000 inside", null)))
                    .isInstanceOf(InvalidCaseInputException.class);
            assertThat(all()).containsExactly(existing);
        }

        @Test
        @DisplayName("a refused decision leaves the case OPEN and undecided")
        void refusedDecision() {
            CaseRecord open = repo.create(NewCase.of(CaseType.RFQ, "laptops"));
            assertThatThrownBy(() -> repo.decide(open.id(), new NewDecision("", "r", "n", null)))
                    .isInstanceOf(InvalidCaseInputException.class);
            assertThatThrownBy(() -> repo.decide(open.id(), new NewDecision("s", "r", " ", null)))
                    .isInstanceOf(InvalidCaseInputException.class);
            assertThat(repo.get(open.id())).isEqualTo(open);
        }

        @Test
        @DisplayName("deciding an unknown case is not found, and creates nothing")
        void decideUnknown() {
            CaseRecord existing = repo.create(NewCase.of(CaseType.RFQ, "existing"));
            UUID unknown = UUID.randomUUID();
            assertThatThrownBy(() -> repo.decide(unknown, decision("ACME")))
                    .isInstanceOf(CaseNotFoundException.class);
            assertThat(repo.find(unknown)).isEmpty();
            assertThat(all()).containsExactly(existing);
        }
    }

    @Nested
    @DisplayName("listing")
    class Listing {

        @Test
        @DisplayName("an empty repository lists nothing and has no next page")
        void empty() {
            CasePage page = repo.list(CaseQuery.firstPage());
            assertThat(page.cases()).isEmpty();
            assertThat(page.nextCursor()).isNull();
        }

        @Test
        @DisplayName("newest first")
        void newestFirst() {
            CaseRecord first = repo.create(NewCase.of(CaseType.DAO, "first"));
            CaseRecord second = repo.create(NewCase.of(CaseType.RFQ, "second"));
            CaseRecord third = repo.create(NewCase.of(CaseType.DAO, "third"));
            CasePage page = repo.list(CaseQuery.firstPage());
            assertThat(page.cases()).containsExactly(third, second, first);
            assertThat(page.nextCursor()).isNull();
        }

        @Test
        @DisplayName("paging by cursor visits every case once, in order, and the last page has no cursor")
        void paging() {
            List<CaseRecord> created = new ArrayList<>();
            for (int i = 0; i < 23; i++) {
                created.add(repo.create(NewCase.of(CaseType.RFQ, "case " + i)));
            }
            List<UUID> expected = created.stream().map(CaseRecord::id).collect(Collectors.toList());
            Collections.reverse(expected);

            List<UUID> seen = new ArrayList<>();
            List<Integer> sizes = new ArrayList<>();
            CaseQuery q = CaseQuery.firstPage().withLimit(5);
            String cursor;
            do {
                CasePage page = repo.list(q);
                sizes.add(page.cases().size());
                page.cases().forEach(c -> seen.add(c.id()));
                cursor = page.nextCursor();
                q = q.after(cursor);
            } while (cursor != null);
            assertThat(sizes).containsExactly(5, 5, 5, 5, 3);
            assertThat(seen).containsExactlyElementsOf(expected);
        }

        @Test
        @DisplayName("a page exactly full at the end has no next cursor")
        void exactFit() {
            for (int i = 0; i < 4; i++) {
                repo.create(NewCase.of(CaseType.RFQ, "case " + i));
            }
            CasePage first = repo.list(CaseQuery.firstPage().withLimit(2));
            assertThat(first.nextCursor()).isNotNull();
            CasePage second = repo.list(CaseQuery.firstPage().withLimit(2).after(first.nextCursor()));
            assertThat(second.cases()).hasSize(2);
            assertThat(second.nextCursor()).isNull();
        }

        @Test
        @DisplayName("the default limit is 20 and the maximum 100")
        void limits() {
            for (int i = 0; i < 21; i++) {
                repo.create(NewCase.of(CaseType.DAO, "case " + i));
            }
            assertThat(repo.list(CaseQuery.firstPage()).cases()).hasSize(CaseQuery.DEFAULT_LIMIT);
            assertThat(repo.list(CaseQuery.firstPage().withLimit(100)).cases()).hasSize(21);
            assertThatThrownBy(() -> CaseQuery.firstPage().withLimit(0)).isInstanceOf(InvalidCaseInputException.class);
            assertThatThrownBy(() -> CaseQuery.firstPage().withLimit(101)).isInstanceOf(InvalidCaseInputException.class);
        }

        @Test
        @DisplayName("a filter by status lists only those, still newest first and paged")
        void statusFilter() {
            CaseRecord a = repo.create(NewCase.of(CaseType.DAO, "a"));
            CaseRecord b = repo.create(NewCase.of(CaseType.DAO, "b"));
            CaseRecord c = repo.create(NewCase.of(CaseType.RFQ, "c"));
            CaseRecord d = repo.create(NewCase.of(CaseType.RFQ, "d"));
            repo.decide(b.id(), decision("B corp"));
            repo.decide(d.id(), decision("D corp"));

            List<UUID> open = repo.list(CaseQuery.firstPage().withStatus(CaseStatus.OPEN)).cases().stream()
                    .map(CaseRecord::id).collect(Collectors.toList());
            assertThat(open).containsExactly(c.id(), a.id());

            CasePage decided1 = repo.list(CaseQuery.firstPage().withStatus(CaseStatus.DECIDED).withLimit(1));
            assertThat(decided1.cases()).extracting(CaseRecord::id).containsExactly(d.id());
            assertThat(decided1.cases().get(0).decision().chosenSupplier()).isEqualTo("D corp");
            CasePage decided2 = repo.list(CaseQuery.firstPage().withStatus(CaseStatus.DECIDED).withLimit(1)
                    .after(decided1.nextCursor()));
            assertThat(decided2.cases()).extracting(CaseRecord::id).containsExactly(b.id());
            assertThat(decided2.nextCursor()).isNull();
        }

        @Test
        @DisplayName("a case created after the first page was read does not disturb the next pages")
        void stableUnderInserts() {
            for (int i = 0; i < 4; i++) {
                repo.create(NewCase.of(CaseType.DAO, "case " + i));
            }
            CasePage first = repo.list(CaseQuery.firstPage().withLimit(2));
            repo.create(NewCase.of(CaseType.DAO, "newer"));
            CasePage second = repo.list(CaseQuery.firstPage().withLimit(2).after(first.nextCursor()));
            assertThat(second.cases()).extracting(CaseRecord::title).containsExactly("case 1", "case 0");
        }

        @Test
        @DisplayName("a cursor not made by the repository is refused")
        void badCursor() {
            assertThatThrownBy(() -> CaseQuery.firstPage().after("not-a-cursor"))
                    .isInstanceOf(InvalidCaseInputException.class)
                    .satisfies(e -> assertThat(((InvalidCaseInputException) e).field()).isEqualTo("cursor"));
        }
    }

    @Nested
    @DisplayName("deciding")
    class Deciding {

        @Test
        @DisplayName("decide records the decision and moves the case to DECIDED")
        void decide() {
            CaseRecord open = repo.create(new NewCase(CaseType.RFQ, "Laptops", "lot 2"));
            CaseRecord decided = repo.decide(open.id(), new NewDecision(" ACME ", " cheapest ", " order ", null));
            assertThat(decided.status()).isEqualTo(CaseStatus.DECIDED);
            assertThat(decided.id()).isEqualTo(open.id());
            assertThat(decided.title()).isEqualTo("Laptops");
            assertThat(decided.createdAt()).isEqualTo(open.createdAt());
            assertThat(decided.updatedAt()).isAfter(open.updatedAt());
            Decision d = decided.decision();
            assertThat(d.chosenSupplier()).isEqualTo("ACME");
            assertThat(d.decisionReason()).isEqualTo("cheapest");
            assertThat(d.nextAction()).isEqualTo("order");
            assertThat(d.decidedBy()).isNull();
            assertThat(d.decidedAt()).isEqualTo(decided.updatedAt());

            assertThat(repo.get(open.id())).isEqualTo(decided);
        }

        @Test
        @DisplayName("deciding twice is a conflict and keeps the first decision")
        void decideTwice() {
            CaseRecord open = repo.create(NewCase.of(CaseType.DAO, "Desks"));
            CaseRecord first = repo.decide(open.id(), decision("First Supplier"));
            assertThatThrownBy(() -> repo.decide(open.id(), decision("Second Supplier")))
                    .isInstanceOf(CaseAlreadyDecidedException.class)
                    .satisfies(e -> assertThat(((CaseAlreadyDecidedException) e).caseId()).isEqualTo(open.id()));
            assertThat(repo.get(open.id())).isEqualTo(first);
        }

        @Test
        @DisplayName("deciding one case leaves the others OPEN")
        void othersUntouched() {
            CaseRecord a = repo.create(NewCase.of(CaseType.DAO, "a"));
            CaseRecord b = repo.create(NewCase.of(CaseType.DAO, "b"));
            repo.decide(a.id(), decision("A"));
            assertThat(repo.get(b.id())).isEqualTo(b);
        }

        @Test
        @DisplayName("concurrent decides on one case: exactly one winner, every other one a conflict")
        void concurrentDecides() throws Exception {
            CaseRecord open = repo.create(NewCase.of(CaseType.RFQ, "contested"));
            List<Callable<String>> racers = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) {
                String supplier = "Supplier " + i;
                racers.add(() -> {
                    try {
                        repo.decide(open.id(), decision(supplier));
                        return "won:" + supplier;
                    } catch (CaseAlreadyDecidedException e) {
                        return "conflict";
                    }
                });
            }
            List<String> outcomes = race(racers);
            List<String> winners = outcomes.stream().filter(o -> o.startsWith("won:")).collect(Collectors.toList());
            assertThat(winners).hasSize(1);
            assertThat(outcomes).filteredOn("conflict"::equals).hasSize(RACERS - 1);
            CaseRecord stored = repo.get(open.id());
            assertThat(stored.status()).isEqualTo(CaseStatus.DECIDED);
            assertThat("won:" + stored.decision().chosenSupplier()).isEqualTo(winners.get(0));
        }

        @Test
        @DisplayName("concurrent decides on different cases all win")
        void concurrentDifferentCases() throws Exception {
            List<Callable<CaseRecord>> racers = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) {
                CaseRecord c = repo.create(NewCase.of(CaseType.DAO, "case " + i));
                racers.add(() -> repo.decide(c.id(), decision("S")));
            }
            for (CaseRecord decided : race(racers)) {
                assertThat(decided.status()).isEqualTo(CaseStatus.DECIDED);
            }
            assertThat(repo.list(CaseQuery.firstPage().withStatus(CaseStatus.OPEN)).cases()).isEmpty();
            assertThat(repo.list(CaseQuery.firstPage().withStatus(CaseStatus.DECIDED)).cases()).hasSize(RACERS);
        }
    }

    @Nested
    @DisplayName("idempotency keys")
    class IdempotencyKeys {

        private final IdempotencyKey key = IdempotencyKey.of("4f6c1f0e-retry-key");

        @Test
        @DisplayName("a create repeated with its key writes nothing and returns the same case")
        void createReplay() {
            NewCase request = new NewCase(CaseType.RFQ, "Laptops 2025", "lot 1");
            CaseRecord first = repo.create(request, key);
            CaseRecord again = repo.create(new NewCase(CaseType.RFQ, " Laptops 2025 ", "lot 1"), key);
            assertThat(again).isEqualTo(first);
            assertThat(all()).containsExactly(first);
        }

        @Test
        @DisplayName("a create replayed after its case was decided still returns the case as created")
        void createReplayAfterDecide() {
            NewCase request = NewCase.of(CaseType.DAO, "Chairs");
            CaseRecord first = repo.create(request, key);
            repo.decide(first.id(), decision("ACME"));
            assertThat(repo.create(request, key)).isEqualTo(first);
            assertThat(all()).hasSize(1);
        }

        @Test
        @DisplayName("a key reused for a different create is refused and writes nothing")
        void createConflict() {
            CaseRecord first = repo.create(NewCase.of(CaseType.DAO, "Chairs"), key);
            assertThatThrownBy(() -> repo.create(NewCase.of(CaseType.DAO, "Tables"), key))
                    .isInstanceOf(IdempotencyKeyReusedException.class)
                    .satisfies(e -> assertThat(((IdempotencyKeyReusedException) e).key()).isEqualTo(key));
            assertThatThrownBy(() -> repo.create(new NewCase(CaseType.DAO, "Chairs", "lot 2"), key))
                    .isInstanceOf(IdempotencyKeyReusedException.class);
            assertThat(all()).containsExactly(first);
        }

        @Test
        @DisplayName("a decide repeated with its key returns the decided case, not a conflict")
        void decideReplay() {
            CaseRecord open = repo.create(NewCase.of(CaseType.RFQ, "Laptops"));
            CaseRecord first = repo.decide(open.id(), decision("ACME"), key);
            CaseRecord again = repo.decide(open.id(), decision("ACME"), key);
            assertThat(again).isEqualTo(first);
            assertThat(repo.get(open.id())).isEqualTo(first);
            assertThatThrownBy(() -> repo.decide(open.id(), decision("ACME")))
                    .isInstanceOf(CaseAlreadyDecidedException.class);
            assertThatThrownBy(() -> repo.decide(open.id(), decision("ACME"), IdempotencyKey.of("other-key")))
                    .isInstanceOf(CaseAlreadyDecidedException.class);
        }

        @Test
        @DisplayName("a key reused for another decision, another case or a create is refused and writes nothing")
        void decideConflict() {
            CaseRecord a = repo.create(NewCase.of(CaseType.RFQ, "a"));
            CaseRecord b = repo.create(NewCase.of(CaseType.RFQ, "b"));
            CaseRecord decided = repo.decide(a.id(), decision("ACME"), key);
            assertThatThrownBy(() -> repo.decide(a.id(), decision("Other"), key))
                    .isInstanceOf(IdempotencyKeyReusedException.class);
            assertThatThrownBy(() -> repo.decide(b.id(), decision("ACME"), key))
                    .isInstanceOf(IdempotencyKeyReusedException.class);
            assertThatThrownBy(() -> repo.create(NewCase.of(CaseType.RFQ, "c"), key))
                    .isInstanceOf(IdempotencyKeyReusedException.class);
            assertThat(repo.get(a.id())).isEqualTo(decided);
            assertThat(repo.get(b.id())).isEqualTo(b);
            assertThat(all()).hasSize(2);
        }

        @Test
        @DisplayName("a keyed write that failed stored no key: the key is still free")
        void failedWriteKeepsKeyFree() {
            CaseRecord open = repo.create(NewCase.of(CaseType.RFQ, "a"));
            repo.decide(open.id(), decision("ACME"));
            assertThatThrownBy(() -> repo.decide(open.id(), decision("ACME"), key))
                    .isInstanceOf(CaseAlreadyDecidedException.class);
            assertThatThrownBy(() -> repo.decide(UUID.randomUUID(), decision("ACME"), key))
                    .isInstanceOf(CaseNotFoundException.class);
            CaseRecord created = repo.create(NewCase.of(CaseType.DAO, "b"), key);
            assertThat(repo.create(NewCase.of(CaseType.DAO, "b"), key)).isEqualTo(created);
        }

        @Test
        @DisplayName("8 threads sending the same keyed create at once write one case and all get it")
        void concurrentCreates() throws Exception {
            NewCase request = NewCase.of(CaseType.DAO, "raced");
            List<Callable<CaseRecord>> racers = Collections.nCopies(RACERS, () -> repo.create(request, key));
            List<CaseRecord> results = race(racers);
            assertThat(new HashSet<>(results)).hasSize(1);
            assertThat(all()).containsExactly(results.get(0));
        }

        @Test
        @DisplayName("8 threads sending the same keyed decide at once write one decision and all get it")
        void concurrentDecides() throws Exception {
            CaseRecord open = repo.create(NewCase.of(CaseType.RFQ, "raced"));
            List<Callable<CaseRecord>> racers =
                    Collections.nCopies(RACERS, () -> repo.decide(open.id(), decision("ACME"), key));
            List<CaseRecord> results = race(racers);
            assertThat(new HashSet<>(results)).hasSize(1);
            assertThat(repo.get(open.id())).isEqualTo(results.get(0));
        }

        @Test
        @DisplayName("keys survive a new repository over the same storage")
        void survivesReopen() {
            NewCase request = NewCase.of(CaseType.RFQ, "durable");
            CaseRecord created = repo.create(request, key);
            IdempotencyKey decideKey = IdempotencyKey.of("decide-" + key);
            CaseRecord decided = repo.decide(created.id(), decision("ACME"), decideKey);
            CaseRepository reopened = reopen(repo, new SteppingClock(START.plusSeconds(3600)));
            Assumptions.assumeTrue(reopened != null, "this repository keeps nothing beyond its own instance");
            try {
                assertThat(reopened.create(request, key)).isEqualTo(created);
                assertThat(reopened.decide(created.id(), decision("ACME"), decideKey)).isEqualTo(decided);
                assertThatThrownBy(() -> reopened.create(NewCase.of(CaseType.RFQ, "other"), key))
                        .isInstanceOf(IdempotencyKeyReusedException.class);
                assertThat(all()).containsExactly(decided);
            } finally {
                closeRepository(reopened);
            }
        }
    }

    /** Runs the calls at once, one thread each, and returns their results in order. */
    private static <T> List<T> race(List<Callable<T>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            CountDownLatch ready = new CountDownLatch(calls.size());
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> call : calls) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return call.call();
                }));
            }
            assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
    }
}
