package dev.tau4j.session.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.tau4j.postgres.MigrationMode;
import dev.tau4j.postgres.internal.PostgresDataSources;
import dev.tau4j.postgres.PostgresTimeouts;
import dev.tau4j.postgres.PostgresUrl;
import dev.tau4j.postgres.internal.SchemaMigrations;
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
 *   <li>Parents are checked by a foreign key within the session; cycles are impossible (a parent's id
 *       is below its child's).</li>
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
    /** Default maximum size of the pool the store creates for a URL. */
    public static final int DEFAULT_POOL_SIZE = 10;

    private final Database database;
    private final HikariDataSource ownedPool;
    private final String schema;
    private final SessionLimits limits;
    private final String description;
    private final AtomicBoolean closed = new AtomicBoolean();

    private PostgresSessionStore(DataSource dataSource, HikariDataSource ownedPool, String schema,
                                 SessionLimits limits, String description) {
        this.database = new Database(dataSource, schema);
        this.ownedPool = ownedPool;
        this.schema = schema;
        this.limits = limits;
        this.description = description;
    }

    /** Starts the configuration of a store. */
    public static Builder builder() {
        return new Builder();
    }

    /** The schema holding this store's tables. */
    public String schema() {
        return schema;
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
        SessionSql.Reservation reservation;
        try {
            if (expected.isEmpty()) {
                // One auto-committed statement: one round trip, the row lock released at its end.
                reservation = database.write(sql ->
                        SessionSql.append(sql, path, parent, encoded, expected, append.usage(), append.metadata(), key));
            } else {
                // The statement inserts nothing on a stale head, but has reserved ids: roll back.
                reservation = database.transaction(sql -> {
                    SessionSql.Reservation r =
                            SessionSql.append(sql, path, parent, encoded, expected, append.usage(), append.metadata(), key);
                    long head = r.previousHead(n);
                    if (head != expected.getAsLong()) {
                        throw new StaleHeadException(path, expected.getAsLong(), head);
                    }
                    return r;
                });
            }
        } catch (Database.Failure failure) {
            Throwable e = failure.getCause();
            if (key != null && DatabaseErrors.isRefusedWrite(e)) {
                // A repeat hits the key's primary key; a repeat that would now break another rule still
                // answers with the first write.
                Optional<SessionSql.KeyedWrite> first = keyedWrite(path, key);
                if (first.isPresent()) {
                    SessionSql.KeyedWrite k = first.get();
                    return run(operation, sql -> SessionSql.entryRange(sql, path, k.firstEntryId(), k.entryCount()));
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

    /**
     * The first write under {@code key}, when there is one and it is the same write.
     *
     * @throws IdempotencyKeyReusedException when the key's first write was a different one
     */
    private Optional<SessionSql.KeyedWrite> keyedWrite(SessionPath path, SessionSql.KeyedAppend key) {
        Optional<SessionSql.KeyedWrite> first = run("read idempotency key '" + key.key() + "' of session '" + path + "'",
                sql -> SessionSql.keyedWrite(sql, path, key.key()));
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
        return run("read entries of session '" + path + "'",
                sql -> SessionSql.entries(sql, path, afterId, limit));
    }

    @Override
    public Optional<SessionEntry> entry(SessionPath path, long id) {
        StoreArguments.requirePath(path);
        StoreArguments.requireEntryId(id);
        return run("read entry " + id + " of session '" + path + "'", sql -> SessionSql.entry(sql, path, id));
    }

    @Override
    public Optional<SessionEntry> head(SessionPath path) {
        StoreArguments.requirePath(path);
        return run("read the head of session '" + path + "'", sql -> SessionSql.head(sql, path));
    }

    /** Entries with no child, in id order: one query. */
    @Override
    public List<SessionEntry> tips(SessionPath path) {
        StoreArguments.requirePath(path);
        return run("read the tips of session '" + path + "'", sql -> SessionSql.tips(sql, path));
    }

    /** The path from a root to {@code headId}, root first: one recursive query. */
    @Override
    public List<SessionEntry> lineage(SessionPath path, long headId) {
        StoreArguments.requirePath(path);
        StoreArguments.requireEntryId(headId);
        List<SessionEntry> lineage = run("read the lineage of entry " + headId + " of session '" + path + "'",
                sql -> SessionSql.lineage(sql, path, headId));
        if (lineage.isEmpty()) {
            throw new EntryNotFoundException(path, headId);
        }
        return lineage;
    }

    @Override
    public UsageSummary usage(SessionPath path) {
        StoreArguments.requirePath(path);
        return run("read the usage of session '" + path + "'", sql -> SessionSql.usage(sql, path));
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
            return database.write(sql -> SessionSql.recordUsage(sql, path, delta, key));
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
            return database.write(sql -> SessionSql.updateMetadata(sql, path, update));
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
        return run("read the metadata of session '" + path + "'", sql -> SessionSql.metadata(sql, path));
    }

    /** The last entries of a lineage: one recursive query bounded by depth, costing what it returns. */
    @Override
    public List<SessionEntry> lineageTail(SessionPath path, long headId, int maxEntries) {
        StoreArguments.requirePath(path);
        StoreArguments.requireEntryId(headId);
        StoreArguments.requirePageLimit(maxEntries, MAX_ENTRY_PAGE);
        List<SessionEntry> tail = run("read the lineage tail of entry " + headId + " of session '" + path + "'",
                sql -> SessionSql.lineageTail(sql, path, headId, maxEntries));
        if (tail.isEmpty()) {
            throw new EntryNotFoundException(path, headId);
        }
        return tail;
    }

    @Override
    public List<SessionSummary> listSessions(SessionListing listing) {
        StoreArguments.requireListing(listing);
        return run("list sessions", sql -> SessionSql.listSessions(sql, listing));
    }

    @Override
    public boolean deleteSession(SessionPath path) {
        StoreArguments.requirePath(path);
        try {
            return database.write(sql -> SessionSql.deleteSession(sql, path));
        } catch (Database.Failure failure) {
            throw DatabaseErrors.translate("delete session '" + path + "'", failure);
        }
    }

    /** Closes the connection pool the store created for a URL; a caller's {@link DataSource} stays open. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true) && ownedPool != null) {
            ownedPool.close();
        }
    }

    @Override
    public String toString() {
        return "PostgresSessionStore[" + description + ", schema " + schema + "]";
    }

    /** A read; failures translated (a read is never outcome-unknown: it is always safe to retry). */
    private <T> T run(String operation, Database.Work<T> work) {
        try {
            return database.read(work);
        } catch (Database.Failure failure) {
            throw DatabaseErrors.translate(operation, failure);
        }
    }

    /**
     * Configures a {@link PostgresSessionStore}. Give exactly one of {@link #dataSource(DataSource)} or
     * {@link #url(PostgresUrl)}; everything else has a default. Invalid values are refused when set:
     * {@link IllegalArgumentException}, or {@link NullPointerException} for a null data source,
     * {@link PostgresUrl}, migration mode or limits. {@link #build()} resolves the configuration once.
     */
    public static final class Builder {
        private DataSource dataSource;
        private PostgresUrl url;
        private String schema = DEFAULT_SCHEMA;
        private MigrationMode migration = MigrationMode.MIGRATE;
        private SessionLimits limits = SessionLimits.DEFAULTS;
        private int poolSize = DEFAULT_POOL_SIZE;
        private PostgresTimeouts timeouts = PostgresTimeouts.DEFAULTS;

        private Builder() {
        }

        /**
         * The waits of the pool created for a {@link #url(PostgresUrl) URL} (default
         * {@link PostgresTimeouts#DEFAULTS}; {@link PostgresTimeouts#FAIL_FAST} to fail within about a
         * second). A caller's {@link #dataSource(DataSource)} keeps its own settings.
         */
        public Builder timeouts(PostgresTimeouts timeouts) {
            this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
            return this;
        }

        /** Connections come from the caller's data source, which the store never closes. */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            return this;
        }

        /** The store creates a HikariCP pool for this database, and closes it in {@link #close()}. */
        public Builder url(PostgresUrl url) {
            this.url = Objects.requireNonNull(url, "url");
            return this;
        }

        /**
         * Same as {@link #url(PostgresUrl)}, from a JDBC ({@code jdbc:postgresql://...}) or libpq
         * ({@code postgres://user:pass@host:port/db?sslmode=...}) URL.
         *
         * @throws IllegalArgumentException when the text is not a PostgreSQL URL (the message never
         *                                  quotes it, so no password leaks into logs)
         */
        public Builder url(String jdbcOrLibpqUrl) {
            return url(PostgresUrl.parse(jdbcOrLibpqUrl));
        }

        /** The schema of the tables (default {@value #DEFAULT_SCHEMA}): a lower-case identifier. */
        public Builder schema(String schema) {
            this.schema = SchemaMigrations.requireIdentifier(schema, "schema");
            return this;
        }

        /**
         * What {@link #build()} does with the schema (default {@link MigrationMode#MIGRATE}: apply the
         * shipped migrations; {@code VALIDATE}: fail unless they are all applied; {@code NONE}: nothing).
         */
        public Builder migration(MigrationMode migration) {
            this.migration = Objects.requireNonNull(migration, "migration");
            return this;
        }

        /** Limits on the input (default {@link SessionLimits#DEFAULTS}). */
        public Builder limits(SessionLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** Maximum size of the pool created for a {@link #url(PostgresUrl) URL}, 1..1000 (default 10). */
        public Builder poolSize(int poolSize) {
            if (poolSize < 1 || poolSize > 1000) {
                throw new IllegalArgumentException("poolSize must be between 1 and 1000, got " + poolSize);
            }
            this.poolSize = poolSize;
            return this;
        }

        /**
         * Creates the pool (for a URL), applies or checks the migrations, and returns the store. With a
         * URL the migrations run on a connection of their own, so a pool of one works, and a database
         * that cannot be reached fails the call within the connect timeout.
         *
         * @throws IllegalStateException      when neither or both of a data source and a URL are given
         * @throws StoreUnavailableException when the database cannot be reached (retrying may help)
         * @throws StoreFailureException     when retrying cannot help: the login is refused, the database
         *                                    does not exist, SSL is refused, the migrations fail or the
         *                                    schema does not validate; the message carries the reason
         */
        public PostgresSessionStore build() {
            if ((dataSource == null) == (url == null)) {
                throw new IllegalStateException(dataSource == null
                        ? "give the store a dataSource(...) or a url(...)"
                        : "give the store either a dataSource(...) or a url(...), not both");
            }
            String where = url != null ? url.masked() : "caller's DataSource";
            DataSource migrations = url == null ? dataSource
                    : PostgresDataSources.unpooled(url, timeouts, PostgresTimeouts.MIGRATION_SOCKET);
            try {
                SchemaMigrations.run(migrations, schema, HISTORY_TABLE, MIGRATIONS, migration);
            } catch (IllegalStateException e) {
                String operation = "preparing schema " + schema + " on " + where + " (migration " + migration + ")";
                throw DatabaseErrors.translate(operation, e, false);
            }
            HikariDataSource pool = url == null ? null
                    : PostgresDataSources.pooled(url, "tau4j-sessions", poolSize, timeouts);
            return new PostgresSessionStore(pool != null ? pool : dataSource, pool, schema, limits, where);
        }
    }
}
