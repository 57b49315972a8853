package dev.tau4j.cases.postgres;

import dev.tau4j.cases.CaseAlreadyDecidedException;
import dev.tau4j.cases.CaseNotFoundException;
import dev.tau4j.cases.CaseOutcomeUnknownException;
import dev.tau4j.cases.CasePage;
import dev.tau4j.cases.CaseQuery;
import dev.tau4j.cases.CaseRecord;
import dev.tau4j.cases.CaseRepository;
import dev.tau4j.cases.CaseStatus;
import dev.tau4j.cases.CaseStoreException;
import dev.tau4j.cases.CaseStoreUnavailableException;
import dev.tau4j.cases.CaseType;
import dev.tau4j.cases.Decision;
import dev.tau4j.cases.IdempotencyKey;
import dev.tau4j.cases.IdempotencyKeyReusedException;
import dev.tau4j.cases.NewCase;
import dev.tau4j.cases.NewDecision;
import dev.tau4j.cases.internal.CaseCursor;
import dev.tau4j.cases.internal.CaseOrder;
import dev.tau4j.cases.internal.RequestFingerprint.Operation;
import dev.tau4j.cases.internal.RequestFingerprint;
import dev.tau4j.cases.postgres.internal.CaseTables;
import dev.tau4j.cases.postgres.internal.StoreFailures.Phase;
import dev.tau4j.cases.postgres.internal.StoreFailures;
import dev.tau4j.postgres.MigrationMode;
import dev.tau4j.postgres.PostgresStoreBuilder;
import dev.tau4j.postgres.PostgresUrl;
import dev.tau4j.postgres.internal.SchemaMigrations;
import dev.tau4j.postgres.internal.SqlStates;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * A {@link CaseRepository} on PostgreSQL (15 or newer), through jOOQ with every value bound.
 *
 * <p>Tables {@code cases} and {@code case_decisions} live in a configurable schema (default
 * {@value #DEFAULT_SCHEMA}) and are created by the Flyway migrations shipped in this jar under
 * {@value #MIGRATIONS_LOCATION}, tracked in their own history table {@value #HISTORY_TABLE}, so other
 * tau4j modules can share the schema. The database enforces primary keys, the foreign key
 * decision → case, one decision per case, CHECK constraints on case type, status and lengths, and
 * NOT NULL.
 *
 * <p>Failures say what the caller may do: {@link CaseStoreUnavailableException} when nothing was
 * applied (no connection, refused, timed out, rolled back, or the connection was lost before COMMIT was
 * sent), {@link CaseOutcomeUnknownException} when the connection was lost while a write's COMMIT was
 * in flight (retry with the same {@link IdempotencyKey}), a plain {@link CaseStoreException} when
 * permanent (authentication, unknown database, SSL refused), with the driver's reason and the SQLState.
 * Every write runs in an explicit transaction, so "before COMMIT" and "during COMMIT" are told apart.
 *
 * <p>{@link #decide} runs in one transaction that locks the case row ({@code SELECT ... FOR UPDATE}),
 * checks it is open, inserts the decision and moves the status: concurrent decides on one case, from
 * any number of threads or nodes, give exactly one winner.
 *
 * <pre>{@code
 * try (PostgresCaseRepository repo = PostgresCaseRepository.builder()
 *         .url(PostgresUrl.parse("postgres://tau:secret@db:5432/app?sslmode=require"))
 *         .build()) {
 *     CaseRecord c = repo.create(new NewCase(CaseType.RFQ, "Laptops 2025", "lot 1"));
 * }
 * }</pre>
 *
 * Thread-safe. Built with {@link Builder#url} it owns a connection pool, closed by {@link #close()},
 * whose every wait is bounded by {@link Builder#timeouts} (pool wait, connect, socket read, and the
 * server's statement, lock and idle-in-transaction timeouts); built with {@link Builder#dataSource} it
 * uses the caller's data source as configured and never closes it.
 */
public final class PostgresCaseRepository implements CaseRepository {

    public static final String DEFAULT_SCHEMA = "tau4j";
    public static final String MIGRATIONS_LOCATION = "classpath:db/tau4j/cases";
    public static final String HISTORY_TABLE = "tau4j_cases_schema_history";

    private final DataSource dataSource;
    private final Settings settings;
    private final DSLContext dsl;
    private final CaseTables t;
    private final Clock clock;
    private final PostgresStoreBuilder.Opened opened;
    private final AtomicBoolean closed = new AtomicBoolean();

    private PostgresCaseRepository(PostgresStoreBuilder.Opened opened, Clock clock) {
        this.opened = opened;
        this.clock = clock;
        this.t = new CaseTables(opened.schema());
        DataSource dataSource = opened.dataSource();
        this.dataSource = dataSource;
        this.settings = new Settings()
                .withExecuteLogging(false) // jOOQ's debug log would print bound values (titles, reasons)
                .withRenderSchema(true);
        this.dsl = DSL.using(dataSource, SQLDialect.POSTGRES, settings);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The schema holding the tables. */
    public String schema() {
        return opened.schema();
    }

    @Override
    public CaseRecord create(NewCase newCase, IdempotencyKey key) {
        Objects.requireNonNull(newCase, "newCase");
        String fingerprint = key == null ? null : RequestFingerprint.of(newCase);
        try {
            return write("create a case", db -> {
                if (key != null) {
                    StoredKey stored = storedKey(db, key);
                    if (stored != null) {
                        return replay(db, key, fingerprint, stored);
                    }
                }
                Instant now = CaseOrder.now(clock);
                CaseRecord record = new CaseRecord(UUID.randomUUID(), newCase.caseType(), newCase.title(),
                        newCase.lot(), CaseStatus.OPEN, now, now, null);
                db.insertInto(t.cases)
                        .set(t.id, record.id())
                        .set(t.caseType, record.caseType().name())
                        .set(t.title, record.title())
                        .set(t.lot, record.lot())
                        .set(t.status, record.status().name())
                        .set(t.createdAt, record.createdAt())
                        .set(t.updatedAt, record.updatedAt())
                        .execute();
                if (key != null) {
                    insertKey(db, key, Operation.CREATE, fingerprint, record.id(), now);
                }
                return record;
            });
        } catch (CaseStoreException e) {
            return afterKeyRace(e, key, fingerprint, () -> e);
        }
    }

    @Override
    public Optional<CaseRecord> find(UUID id) {
        Objects.requireNonNull(id, "id");
        return run("read a case", () -> selectCase(dsl, id));
    }

    @Override
    public CasePage list(CaseQuery query) {
        Objects.requireNonNull(query, "query");
        Condition where = DSL.noCondition();
        if (query.status() != null) {
            where = where.and(t.status.eq(query.status().name()));
        }
        if (query.cursor() != null) {
            CaseCursor cursor = CaseCursor.decode(query.cursor());
            where = where.and(DSL.row(t.createdAt, t.id).lt(cursor.createdAt(), cursor.id()));
        }
        Condition condition = where;
        List<CaseRecord> rows = run("list cases", () -> dsl.select(t.caseColumns()).select(t.decisionColumns())
                .from(t.cases).leftJoin(t.decisions).on(t.decisionCaseId.eq(t.id))
                .where(condition)
                .orderBy(t.createdAt.desc(), t.id.desc())
                .limit(query.limit() + 1)
                .fetch(this::toCase));
        if (rows.size() > query.limit()) {
            List<CaseRecord> shown = new ArrayList<>(rows.subList(0, query.limit()));
            return new CasePage(shown, CaseCursor.after(shown.get(shown.size() - 1)).encode());
        }
        return new CasePage(rows, null);
    }

    @Override
    public CaseRecord decide(UUID id, NewDecision decision, IdempotencyKey key) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(decision, "decision");
        String fingerprint = key == null ? null : RequestFingerprint.of(id, decision);
        try {
            return write("decide a case", db -> {
                Record row = db.select(t.caseColumns()).from(t.cases)
                        .where(t.id.eq(id))
                        .forUpdate()
                        .fetchOne();
                if (key != null) {
                    // Read after the row lock: a concurrent decide with this key has committed by now.
                    StoredKey stored = storedKey(db, key);
                    if (stored != null) {
                        return replay(db, key, fingerprint, stored);
                    }
                }
                if (row == null) {
                    throw new CaseNotFoundException(id);
                }
                if (!CaseStatus.OPEN.name().equals(row.get(t.status))) {
                    throw new CaseAlreadyDecidedException(id);
                }
                Instant createdAt = row.get(t.createdAt);
                Instant now = CaseOrder.nowNotBefore(clock, createdAt);
                db.insertInto(t.decisions)
                        .set(t.decisionCaseId, id)
                        .set(t.chosenSupplier, decision.chosenSupplier())
                        .set(t.decisionReason, decision.decisionReason())
                        .set(t.nextAction, decision.nextAction())
                        .set(t.decidedBy, decision.decidedBy())
                        .set(t.decidedAt, now)
                        .execute();
                db.update(t.cases)
                        .set(t.status, CaseStatus.DECIDED.name())
                        .set(t.updatedAt, now)
                        .where(t.id.eq(id))
                        .execute();
                if (key != null) {
                    insertKey(db, key, Operation.DECIDE, fingerprint, id, now);
                }
                Decision d = new Decision(decision.chosenSupplier(), decision.decisionReason(),
                        decision.nextAction(), decision.decidedBy(), now);
                return new CaseRecord(id, CaseType.valueOf(row.get(t.caseType)), row.get(t.title), row.get(t.lot),
                        CaseStatus.DECIDED, createdAt, now, d);
            });
        } catch (CaseStoreException e) {
            // The row lock makes a second decision unreachable in practice; the primary key on
            // case_decisions keeps "one decision per case" even if the lock were bypassed.
            return afterKeyRace(e, key, fingerprint, () -> new CaseAlreadyDecidedException(id));
        }
    }

    /** A stored idempotency key: what its write was and which case it produced. */
    private record StoredKey(Operation operation, String fingerprint, UUID caseId) {
    }

    private StoredKey storedKey(DSLContext db, IdempotencyKey key) {
        return db.select(t.keyOperation, t.keyRequestSha256, t.keyCaseId).from(t.keys)
                .where(t.key.eq(key.value()))
                .fetchOptional(r -> new StoredKey(Operation.valueOf(r.get(t.keyOperation)),
                        r.get(t.keyRequestSha256), r.get(t.keyCaseId)))
                .orElse(null);
    }

    private void insertKey(DSLContext db, IdempotencyKey key, Operation operation, String fingerprint, UUID caseId,
                           Instant now) {
        db.insertInto(t.keys)
                .set(t.key, key.value())
                .set(t.keyOperation, operation.name())
                .set(t.keyRequestSha256, fingerprint)
                .set(t.keyCaseId, caseId)
                .set(t.keyCreatedAt, now)
                .execute();
    }

    /**
     * What the keyed write that stored {@code stored} returned: for a create, the case as it was
     * created (its title, type, lot and creation time never change); for a decide, the decided case
     * (a decided case never changes).
     */
    private CaseRecord replay(DSLContext db, IdempotencyKey key, String fingerprint, StoredKey stored) {
        if (!stored.fingerprint().equals(fingerprint)) {
            throw new IdempotencyKeyReusedException(key);
        }
        // the foreign key from the key to its case guarantees the case is there
        CaseRecord c = selectCase(db, stored.caseId()).orElseThrow();
        if (stored.operation() == Operation.CREATE) {
            return new CaseRecord(c.id(), c.caseType(), c.title(), c.lot(), CaseStatus.OPEN, c.createdAt(),
                    c.createdAt(), null);
        }
        return c;
    }

    /**
     * After a failed write: when a unique violation says a concurrent call with the same key committed
     * first, that call's result (or the key conflict); {@code otherwise} for any other unique violation;
     * the failure itself for anything else.
     */
    private CaseRecord afterKeyRace(CaseStoreException failure, IdempotencyKey key, String fingerprint,
                                    Supplier<RuntimeException> otherwise) {
        if (!SqlStates.isUniqueViolation(failure)) {
            throw failure;
        }
        if (key != null) {
            StoredKey stored = run("read an idempotency key", () -> storedKey(dsl, key));
            if (stored != null) {
                return run("replay an idempotent write", () -> replay(dsl, key, fingerprint, stored));
            }
        }
        throw otherwise.get();
    }

    /** The case with this id, with its decision if any. */
    private Optional<CaseRecord> selectCase(DSLContext db, UUID id) {
        return db.select(t.caseColumns()).select(t.decisionColumns())
                .from(t.cases).leftJoin(t.decisions).on(t.decisionCaseId.eq(t.id))
                .where(t.id.eq(id))
                .fetchOptional(this::toCase);
    }

    private CaseRecord toCase(Record r) {
        Decision decision = null;
        if (r.get(t.decisionCaseId) != null) {
            decision = new Decision(r.get(t.chosenSupplier), r.get(t.decisionReason), r.get(t.nextAction),
                    r.get(t.decidedBy), r.get(t.decidedAt));
        }
        return new CaseRecord(r.get(t.id), CaseType.valueOf(r.get(t.caseType)), r.get(t.title), r.get(t.lot),
                CaseStatus.valueOf(r.get(t.status)), r.get(t.createdAt), r.get(t.updatedAt), decision);
    }

    /**
     * Runs {@code work} in one transaction on a connection of its own and commits it; on any failure
     * the transaction is rolled back and nothing is written. Driver failures become the typed store
     * exceptions; the cases API's own exceptions pass through.
     */
    private <T> T write(String what, Function<DSLContext, T> work) {
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException | RuntimeException e) {
            throw StoreFailures.translate(what, Phase.CONNECT, e);
        }
        Phase phase = Phase.WRITE;
        try {
            connection.setAutoCommit(false);
            T result;
            try {
                result = work.apply(DSL.using(connection, SQLDialect.POSTGRES, settings));
            } catch (RuntimeException e) {
                rollbackQuietly(connection);
                throw e instanceof DataAccessException ? StoreFailures.translate(what, Phase.WRITE, e) : e;
            }
            phase = Phase.COMMIT;
            connection.commit();
            return result;
        } catch (SQLException e) {
            // from setAutoCommit (nothing sent yet) or commit (sent; its answer never came)
            throw StoreFailures.translate(what, phase, e);
        } finally {
            closeQuietly(connection);
        }
    }

    /** Returns the connection to the pool; a failure here cannot change what was committed. */
    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // the pool discards a broken connection
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the server rolls back a transaction whose connection is gone
        }
    }

    /** Runs a read, translating driver failures into the typed store exceptions (a read is never "outcome unknown"). */
    private <T> T run(String what, Supplier<T> action) {
        try {
            return action.get();
        } catch (DataAccessException e) {
            throw StoreFailures.translate(what, Phase.READ, e);
        }
    }

    /**
     * Checks that this repository can serve: the database answers and its schema holds exactly the
     * migrations this jar ships (none pending, none unknown), as Flyway's validation sees them. Bounded
     * by the repository's waits (pool wait, statement timeout).
     *
     * @throws CaseStoreUnavailableException when the database cannot be reached (retrying may help)
     * @throws CaseStoreException            when the schema is not current, or the check is refused
     */
    public void checkReady() {
        try {
            SchemaMigrations.run(dataSource, schema(), HISTORY_TABLE, MIGRATIONS_LOCATION, MigrationMode.VALIDATE);
        } catch (RuntimeException e) {
            throw failure("checking schema " + schema() + " on " + opened.description(), e);
        }
    }

    /**
     * The exception for a failure while preparing or checking the schema: unavailable when retrying
     * may help, permanent otherwise.
     */
    private static CaseStoreException failure(String operation, RuntimeException failure) {
        String state = SqlStates.sqlState(failure);
        String detail = (state == null ? "" : " [SQLState " + state + "]") + ": " + StoreFailures.reason(failure);
        return StoreFailures.isTransient(failure)
                ? new CaseStoreUnavailableException("cannot reach PostgreSQL while " + operation + detail, state, failure)
                : new CaseStoreException(operation + " failed" + detail, state, failure);
    }

    /** Closes the pool when this repository owns one. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            opened.close();
        }
    }

    /**
     * Options of a {@link PostgresCaseRepository}: the options every tau4j PostgreSQL store shares (see
     * {@link PostgresStoreBuilder}: a data source or a URL, schema, migration, pool size, timeouts),
     * plus the {@link #clock(Clock) clock}.
     *
     * <p>{@link #build()} throws {@link CaseStoreUnavailableException} when the database cannot be
     * reached (retrying may help), and a plain {@link CaseStoreException} when retrying cannot help: the
     * login is refused, the database does not exist, SSL is refused, or the schema cannot be migrated or
     * validated; the message carries the driver's reason. Under a network that answers each round trip
     * just before the socket timeout, a call is bounded per round trip: a keyed decide makes 6, a keyed
     * create 4 (see docs/cases.md).
     */
    public static final class Builder extends PostgresStoreBuilder<PostgresCaseRepository, Builder> {

        private Clock clock = Clock.systemUTC();

        private Builder() {
            super(DEFAULT_SCHEMA);
        }

        /**
         * Clock stamping createdAt, updatedAt and decidedAt; default the system UTC clock.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        @Override
        protected String historyTable() {
            return HISTORY_TABLE;
        }

        @Override
        protected String migrationsLocation() {
            return MIGRATIONS_LOCATION;
        }

        @Override
        protected String poolName() {
            return "tau4j-cases";
        }

        @Override
        protected RuntimeException startFailure(String operation, RuntimeException failure) {
            return failure(operation, failure);
        }

        @Override
        protected PostgresCaseRepository open(Opened database) {
            return new PostgresCaseRepository(database, clock);
        }
    }
}
