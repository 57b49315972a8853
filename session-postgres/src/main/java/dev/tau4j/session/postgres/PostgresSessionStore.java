package dev.tau4j.session.postgres;

import dev.tau4j.postgres.PostgresStoreBuilder;
import dev.tau4j.postgres.PostgresTimeouts;
import dev.tau4j.session.Append;
import dev.tau4j.session.EntryNotFoundException;
import dev.tau4j.session.IdempotencyKey;
import dev.tau4j.session.IdempotencyKeyReusedException;
import dev.tau4j.session.InvalidMetadataException;
import dev.tau4j.session.InvalidUsageException;
import dev.tau4j.session.MetadataUpdate;
import dev.tau4j.session.MessageCodec;
import dev.tau4j.session.SessionEntry;
import dev.tau4j.session.SessionLimits;
import dev.tau4j.session.SessionListing;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.SessionStore;
import dev.tau4j.session.SessionSummary;
import dev.tau4j.session.StaleHeadException;
import dev.tau4j.session.internal.StoreArguments;
import dev.tau4j.session.StoreFailureException;
import dev.tau4j.session.StoreOutcomeUnknownException;
import dev.tau4j.session.StoreUnavailableException;
import dev.tau4j.session.UsageDelta;
import dev.tau4j.session.UsageSummary;
import dev.tau4j.session.internal.WriteFingerprint;
import dev.tau4j.session.postgres.internal.JdbcReads;
import dev.tau4j.session.postgres.internal.JdbcStatements;
import dev.tau4j.session.postgres.internal.Database;
import dev.tau4j.session.postgres.internal.DatabaseErrors;
import dev.tau4j.session.postgres.internal.SessionSql;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

/**
 * A {@link SessionStore} on PostgreSQL (15 or newer), with the SPI's guarantees kept by the database:
 * <ul>
 *   <li>An append is one statement and one transaction: the ids are reserved on the session's row,
 *       whose lock is held until commit, so appends to one session are serialized while sessions never
 *       block each other; the entries and the usage of the turn are written in the same transaction.
 *       Nothing of a failed append is visible, and ids are never reused (the counter only grows).</li>
 *   <li>A parent is required in the same session by the statement that reserves the ids (an append under
 *       a parent the session does not hold writes nothing); cycles are impossible (a parent's id is below
 *       its child's). Deleting a session locks its row before deleting its entries, so none outlives it.
 *       The append is prepared once per shape and binds every value, its messages as one array.</li>
 *   <li>Every read is one statement whose text is built once per store and prepared by the driver;
 *       nothing is rendered per call, and a read costs what it returns, whatever the session's size.</li>
 *   <li>Session metadata lives on the session's row: an append that changes it does so in its one
 *       statement, under the same row lock; an append without metadata costs what it did before.</li>
 *   <li>Messages are stored as their exact {@link MessageCodec} JSON text and read back equal.</li>
 *   <li>A keyed append or usage record stores its key in the same statement (one round trip); a
 *       repeat fails on the key's primary key and is answered from the stored key, with what the first
 *       write returned.</li>
 *   <li>Failures are typed and tell the truth: {@link StoreUnavailableException} when nothing was
 *       written (retry freely), {@link StoreOutcomeUnknownException} when the connection was lost while
 *       a write or its commit was in flight (retry with the same idempotency key),
 *       {@link StoreFailureException} when retrying cannot help; no driver exception escapes.</li>
 *   <li>No call waits without a bound: with a {@link Builder#url URL} the store's pool applies
 *       {@link PostgresTimeouts} (by default no call blocks longer than
 *       {@link PostgresTimeouts#callBound()} = 29 s, whatever the network does). With a caller's
 *       {@link DataSource} the waits are the caller's to bound.</li>
 * </ul>
 * Thread-safe. Build one per application and share it:
 * <pre>{@code
 * try (PostgresSessionStore store = PostgresSessionStore.builder()
 *         .url("postgres://app:secret@db.internal:5432/agents")
 *         .schema("tau4j")
 *         .build()) {
 *     store.append(Append.to("tenants/acme/chat-7").message(Message.user("hi")).build());
 * }
 * }</pre>
 */
public final class PostgresSessionStore implements SessionStore {

    /** Default schema of the tables. */
    public static final String DEFAULT_SCHEMA = "tau4j";
    /** Flyway history table of this store's migrations, in the configured schema. */
    public static final String HISTORY_TABLE = "tau4j_session_schema_history";
    /** Classpath location of the migrations shipped in this jar. */
    public static final String MIGRATIONS = "classpath:db/tau4j/session";

    private final Database database;
    private final JdbcStatements statements;
    private final JdbcReads reads;
    private final PostgresStoreBuilder.Opened opened;
    private final SessionLimits limits;
    private final AtomicBoolean closed = new AtomicBoolean();

    private PostgresSessionStore(PostgresStoreBuilder.Opened opened, SessionLimits limits) {
        this.database = new Database(opened.dataSource(), opened.schema());
        this.statements = new JdbcStatements(opened.schema());
        this.reads = new JdbcReads(opened.schema());
        this.opened = opened;
        this.limits = limits;
    }

    /** Starts the configuration of a store. */
    public static Builder builder() {
        return new Builder();
    }

    /** The schema holding this store's tables. */
    public String schema() {
        return opened.schema();
    }

    @Override
    public SessionLimits limits() {
        return limits;
    }

    @Override
    public List<SessionEntry> append(Append append) {
        StoreArguments.requireAppend(append);
        List<String> encoded = limits.encodeChecked(append);
        SessionPath path = append.path();
        OptionalLong parent = append.parentId();
        OptionalLong expected = append.expectedHead();
        SessionSql.KeyedAppend key = append.idempotencyKey()
                .map(k -> new SessionSql.KeyedAppend(k.value(), WriteFingerprint.of(append, encoded)))
                .orElse(null);
        int n = encoded.size();
        String operation = "append to session '" + path + "'";
        Optional<JdbcStatements.Reservation> reserved;
        try {
            if (expected.isEmpty()) {
                // One auto-committed statement: one round trip, the row lock released at its end.
                reserved = database.write(connection -> statements.append(connection,
                        path.value(), parent, encoded, expected, append.usage(), append.metadata(), key));
            } else {
                // The statement inserts nothing on a stale head, but has reserved ids: roll back.
                reserved = database.transaction(connection -> {
                    Optional<JdbcStatements.Reservation> r = statements.append(connection,
                            path.value(), parent, encoded, expected, append.usage(), append.metadata(), key);
                    if (r.isPresent() && r.get().previousHead(n) != expected.getAsLong()) {
                        throw new StaleHeadException(path, expected.getAsLong(), r.get().previousHead(n));
                    }
                    return r;
                });
            }
        } catch (Database.Failure failure) {
            Throwable e = failure.getCause();
            if (key != null && DatabaseErrors.isRefusedWrite(e)) {
                // A repeat hits the key's primary key; a repeat that would now break another rule still
                // answers with the first write.
                Optional<List<SessionEntry>> first = firstWrite(path, key, operation);
                if (first.isPresent()) {
                    return first.get();
                }
            }
            if (!append.metadata().isEmpty() && DatabaseErrors.violates(e, SessionSql.METADATA_LIMIT)) {
                throw tooManyNames(path);
            }
            if (parent.isPresent() && DatabaseErrors.isReferenceViolation(e)) {
                throw new EntryNotFoundException(path, parent.getAsLong());
            }
            if (!append.usage().isZero() && DatabaseErrors.isNumericOverflow(e)) {
                throw new InvalidUsageException("usage delta would overflow the totals of session '" + path + "'");
            }
            throw DatabaseErrors.translate(operation, failure);
        }
        if (reserved.isEmpty()) {
            // The session does not hold the parent, and nothing was written. A key that was used first
            // still answers: with that write, or refused when it was another write.
            if (key != null) {
                Optional<List<SessionEntry>> first = firstWrite(path, key, operation);
                if (first.isPresent()) {
                    return first.get();
                }
            }
            if (parent.isPresent()) {
                throw new EntryNotFoundException(path, parent.getAsLong());
            }
            throw new StoreFailureException(operation + " reserved no ids", null);
        }
        JdbcStatements.Reservation reservation = reserved.get();
        if (reservation.inserted() != n) {
            throw new StoreFailureException(operation + " wrote " + reservation.inserted() + " of " + n + " entries",
                    null);
        }
        List<SessionEntry> created = new ArrayList<>(n);
        long id = reservation.previousHead(n);
        OptionalLong parentOfNext = parent;
        for (String json : encoded) {
            id++;
            created.add(new SessionEntry(id, parentOfNext, MessageCodec.decode(json),
                    reservation.acceptedAt().toInstant()));
            parentOfNext = OptionalLong.of(id);
        }
        return List.copyOf(created);
    }

    /** The entries of the first append under {@code key}, when it was this same append: what a repeat answers. */
    private Optional<List<SessionEntry>> firstWrite(SessionPath path, SessionSql.KeyedAppend key, String operation) {
        return keyedWrite(path, key).map(k ->
                read(operation, c -> reads.entryRange(c, path.value(), k.firstEntryId(), k.entryCount())));
    }

    /**
     * The first write under {@code key}, when there is one and it is the same write.
     *
     * @throws IdempotencyKeyReusedException when the key's first write was a different one
     */
    private Optional<SessionSql.KeyedWrite> keyedWrite(SessionPath path, SessionSql.KeyedAppend key) {
        Optional<SessionSql.KeyedWrite> first = read("read idempotency key '" + key.key() + "' of session '" + path
                + "'", c -> reads.keyedWrite(c, path.value(), key.key()));
        if (first.isPresent() && !first.get().fingerprint().equals(key.fingerprint())) {
            throw new IdempotencyKeyReusedException(path, IdempotencyKey.of(key.key()));
        }
        return first;
    }

    @Override
    public List<SessionEntry> entries(SessionPath path, long afterId, int limit) {
        StoreArguments.requirePath(path);
        StoreArguments.requireCursor(afterId);
        StoreArguments.requirePageLimit(limit, MAX_ENTRY_PAGE);
        return read("read entries of session '" + path + "'", c -> reads.entries(c, path.value(), afterId, limit));
    }

    @Override
    public Optional<SessionEntry> entry(SessionPath path, long id) {
        StoreArguments.requirePath(path);
        StoreArguments.requireEntryId(id);
        return read("read entry " + id + " of session '" + path + "'", c -> reads.entry(c, path.value(), id));
    }

    @Override
    public Optional<SessionEntry> head(SessionPath path) {
        StoreArguments.requirePath(path);
        return read("read the head of session '" + path + "'", c -> reads.head(c, path.value()));
    }

    /** Entries with no child, in id order: one query. */
    @Override
    public List<SessionEntry> tips(SessionPath path) {
        StoreArguments.requirePath(path);
        return read("read the tips of session '" + path + "'", c -> reads.tips(c, path.value()));
    }

    /** The path from a root to {@code headId}, root first: one recursive query. */
    @Override
    public List<SessionEntry> lineage(SessionPath path, long headId) {
        StoreArguments.requirePath(path);
        StoreArguments.requireEntryId(headId);
        List<SessionEntry> lineage = read("read the lineage of entry " + headId + " of session '" + path + "'",
                c -> reads.lineage(c, path.value(), headId));
        if (lineage.isEmpty()) {
            throw new EntryNotFoundException(path, headId);
        }
        return lineage;
    }

    @Override
    public UsageSummary usage(SessionPath path) {
        StoreArguments.requirePath(path);
        return read("read the usage of session '" + path + "'", c -> reads.usage(c, path.value()));
    }

    @Override
    public UsageSummary recordUsage(SessionPath path, UsageDelta delta) {
        StoreArguments.requirePath(path);
        StoreArguments.requireDelta(delta);
        return addUsage(path, delta, null);
    }

    @Override
    public UsageSummary recordUsage(SessionPath path, UsageDelta delta, IdempotencyKey key) {
        StoreArguments.requirePath(path);
        StoreArguments.requireDelta(delta);
        StoreArguments.requireKey(key);
        return addUsage(path, delta, new SessionSql.KeyedAppend(key.value(), WriteFingerprint.of(delta)));
    }

    private UsageSummary addUsage(SessionPath path, UsageDelta delta, SessionSql.KeyedAppend key) {
        if (delta.isZero()) {
            return usage(path);
        }
        try {
            return database.write(database.jooq(sql -> SessionSql.recordUsage(sql, path, delta, key)));
        } catch (Database.Failure failure) {
            Throwable e = failure.getCause();
            if (key != null && DatabaseErrors.isRefusedWrite(e)) {
                Optional<SessionSql.KeyedWrite> first = keyedWrite(path, key);
                if (first.isPresent()) {
                    return first.get().usage();
                }
            }
            if (DatabaseErrors.isNumericOverflow(e)) {
                throw new InvalidUsageException("usage delta would overflow the totals of session '" + path + "'");
            }
            throw DatabaseErrors.translate("record usage of session '" + path + "'", failure);
        }
    }

    /** One statement: the metadata is merged on the session's row, under its lock. */
    @Override
    public Map<String, String> updateMetadata(SessionPath path, MetadataUpdate update) {
        StoreArguments.requirePath(path);
        StoreArguments.requireMetadataUpdate(update);
        if (update.isEmpty()) {
            return metadata(path);
        }
        try {
            return database.write(database.jooq(sql -> SessionSql.updateMetadata(sql, path, update)));
        } catch (Database.Failure failure) {
            if (DatabaseErrors.violates(failure.getCause(), SessionSql.METADATA_LIMIT)) {
                throw tooManyNames(path);
            }
            throw DatabaseErrors.translate("update the metadata of session '" + path + "'", failure);
        }
    }

    private static InvalidMetadataException tooManyNames(SessionPath path) {
        return new InvalidMetadataException("session '" + path + "' would hold more than " + MetadataUpdate.MAX_NAMES
                + " metadata names");
    }

    @Override
    public Map<String, String> metadata(SessionPath path) {
        StoreArguments.requirePath(path);
        return read("read the metadata of session '" + path + "'", c -> reads.metadata(c, path.value()));
    }

    /**
     * The last entries of a lineage: one recursive query over chain segments that stops at the segment
     * completing the tail, costing a probe per segment it touches plus the rows it returns.
     */
    @Override
    public List<SessionEntry> lineageTail(SessionPath path, long headId, int maxEntries) {
        StoreArguments.requirePath(path);
        StoreArguments.requireEntryId(headId);
        StoreArguments.requirePageLimit(maxEntries, MAX_ENTRY_PAGE);
        List<SessionEntry> tail = read("read the lineage tail of entry " + headId + " of session '" + path + "'",
                c -> reads.lineageTail(c, path.value(), headId, maxEntries));
        if (tail.isEmpty()) {
            throw new EntryNotFoundException(path, headId);
        }
        return tail;
    }

    @Override
    public List<SessionSummary> listSessions(SessionListing listing) {
        StoreArguments.requireListing(listing);
        return read("list sessions", database.jooq(sql -> SessionSql.listSessions(sql, listing)));
    }

    @Override
    public boolean deleteSession(SessionPath path) {
        StoreArguments.requirePath(path);
        try {
            return database.write(connection -> statements.deleteSession(connection, path.value()));
        } catch (Database.Failure failure) {
            throw DatabaseErrors.translate("delete session '" + path + "'", failure);
        }
    }

    /** Closes the connection pool the store created for a URL; a caller's {@link DataSource} stays open. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            opened.close();
        }
    }

    @Override
    public String toString() {
        return "PostgresSessionStore[" + opened.description() + ", schema " + opened.schema() + "]";
    }

    /** A read; failures translated (a read is never outcome-unknown: it is always safe to retry). */
    private <T> T read(String operation, Database.JdbcWork<T> work) {
        try {
            return database.read(work);
        } catch (Database.Failure failure) {
            throw DatabaseErrors.translate(operation, failure);
        }
    }

    /**
     * Configures a {@link PostgresSessionStore}: the options every tau4j PostgreSQL store shares (see
     * {@link PostgresStoreBuilder}: a data source or a URL, schema, migration, pool size, timeouts),
     * plus the {@link #limits(SessionLimits) input limits}.
     *
     * <p>{@link #build()} throws {@link StoreUnavailableException} when the database cannot be reached
     * (retrying may help), and {@link StoreFailureException} when retrying cannot help: the login is
     * refused, the database does not exist, SSL is refused, the migrations fail or the schema does not
     * validate; the message carries the reason.
     */
    public static final class Builder extends PostgresStoreBuilder<PostgresSessionStore, Builder> {
        private SessionLimits limits = SessionLimits.DEFAULTS;

        private Builder() {
            super(DEFAULT_SCHEMA);
        }

        /**
         * Limits on the input (default {@link SessionLimits#DEFAULTS}).
         *
         * @param limits the limits
         * @return this builder
         */
        public Builder limits(SessionLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        @Override
        protected String historyTable() {
            return HISTORY_TABLE;
        }

        @Override
        protected String migrationsLocation() {
            return MIGRATIONS;
        }

        @Override
        protected String poolName() {
            return "tau4j-sessions";
        }

        @Override
        protected RuntimeException startFailure(String operation, RuntimeException failure) {
            return DatabaseErrors.translate(operation, failure, false);
        }

        @Override
        protected PostgresSessionStore open(Opened database) {
            return new PostgresSessionStore(database, limits);
        }
    }
}
