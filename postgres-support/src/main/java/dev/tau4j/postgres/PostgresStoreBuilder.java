package dev.tau4j.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.tau4j.postgres.internal.PostgresDataSources;
import dev.tau4j.postgres.internal.SchemaMigrations;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The one way every tau4j PostgreSQL store is configured and opened: the session store and the case
 * repository extend it, so they take the same options, validate them the same way and start the
 * same way.
 *
 * <p>Options: exactly one of {@link #dataSource(DataSource)} (the caller's, never closed by the store)
 * or {@link #url(PostgresUrl)} (the store opens, owns and closes a HikariCP pool); a
 * {@link #schema(String) schema}; a {@link #migration(MigrationMode) migration mode}; for a URL, a
 * {@link #poolSize(int) pool size} and {@link #timeouts(PostgresTimeouts) timeouts}. A bad value is
 * refused when it is set: {@link IllegalArgumentException}, or {@link NullPointerException} for a
 * null. {@link #build()} refuses a configuration with neither or both of a data source and a URL
 * with {@link IllegalStateException}.
 *
 * <p>Opening runs the migrations on a connection of their own (so a pool of one works), then creates
 * the pool. A database that cannot be reached fails {@code build()} within the connect timeout with
 * the store's "unavailable" exception; a failure that retrying cannot fix (login refused, database
 * missing, SSL refused, a schema that does not migrate or validate) with its permanent exception.
 * Both are chosen by one classifier, and the message carries the masked URL and the driver's reason.
 *
 * @param <S> the store it builds
 * @param <B> the concrete builder, returned by every option for chaining
 */
public abstract class PostgresStoreBuilder<S, B extends PostgresStoreBuilder<S, B>> {

    /** Default maximum size of the pool a store opens for a URL. */
    public static final int DEFAULT_POOL_SIZE = 10;
    /** Largest pool size accepted. */
    public static final int MAX_POOL_SIZE = 1000;

    private DataSource dataSource;
    private PostgresUrl url;
    private String schema;
    private MigrationMode migration = MigrationMode.MIGRATE;
    private int poolSize = DEFAULT_POOL_SIZE;
    private PostgresTimeouts timeouts = PostgresTimeouts.DEFAULTS;
    private MeterRegistry meterRegistry;

    /**
     * A builder whose schema defaults to {@code defaultSchema}.
     *
     * @param defaultSchema the store's default schema, a lower-case identifier
     */
    protected PostgresStoreBuilder(String defaultSchema) {
        this.schema = SchemaMigrations.requireIdentifier(defaultSchema, "schema");
    }

    /**
     * Connections come from the caller's data source, with its own settings; the store never closes it.
     *
     * @param dataSource the caller's data source
     * @return this builder
     */
    public final B dataSource(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        return self();
    }

    /**
     * The store opens a HikariCP pool to this database with {@link #timeouts(PostgresTimeouts)}, and
     * closes it when the store is closed.
     *
     * @param url where the database is
     * @return this builder
     */
    public final B url(PostgresUrl url) {
        this.url = Objects.requireNonNull(url, "url");
        return self();
    }

    /**
     * Same as {@link #url(PostgresUrl)}, from a JDBC ({@code jdbc:postgresql://...}) or libpq
     * ({@code postgres://user:pass@host:port/db?sslmode=...}) URL.
     *
     * @param jdbcOrLibpqUrl the URL text
     * @return this builder
     * @throws IllegalArgumentException when the text is not a PostgreSQL URL (the message never quotes
     *                                  it, so no password leaks into logs)
     */
    public final B url(String jdbcOrLibpqUrl) {
        return url(PostgresUrl.parse(jdbcOrLibpqUrl));
    }

    /**
     * The schema of the store's tables.
     *
     * @param schema a lower-case SQL identifier
     * @return this builder
     */
    public final B schema(String schema) {
        this.schema = SchemaMigrations.requireIdentifier(schema, "schema");
        return self();
    }

    /**
     * What {@link #build()} does with the schema: {@link MigrationMode#MIGRATE} (default) applies the
     * migrations shipped in the store's jar, {@link MigrationMode#VALIDATE} fails unless they are all
     * applied, {@link MigrationMode#NONE} does nothing.
     *
     * @param migration the mode
     * @return this builder
     */
    public final B migration(MigrationMode migration) {
        this.migration = Objects.requireNonNull(migration, "migration");
        return self();
    }

    /**
     * Maximum size of the pool opened for a {@link #url(PostgresUrl) URL}.
     *
     * @param poolSize 1..{@value #MAX_POOL_SIZE}; default {@value #DEFAULT_POOL_SIZE}
     * @return this builder
     */
    public final B poolSize(int poolSize) {
        if (poolSize < 1 || poolSize > MAX_POOL_SIZE) {
            throw new IllegalArgumentException(
                    "poolSize must be between 1 and " + MAX_POOL_SIZE + ", got " + poolSize);
        }
        this.poolSize = poolSize;
        return self();
    }

    /**
     * The waits of the pool opened for a {@link #url(PostgresUrl) URL}: connect, pool wait, socket
     * read, and the server's statement, lock and idle-in-transaction timeouts. Default
     * {@link PostgresTimeouts#DEFAULTS} (a call under a silent network ends within
     * {@link PostgresTimeouts#callBound()}, 29 s); {@link PostgresTimeouts#FAIL_FAST} to fail within
     * about 5 s. A caller's {@link #dataSource(DataSource)} keeps its own settings.
     *
     * @param timeouts the waits
     * @return this builder
     */
    public final B timeouts(PostgresTimeouts timeouts) {
        this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
        return self();
    }

    /**
     * The pool opened for a {@link #url(PostgresUrl) URL} reports HikariCP's own metrics
     * ({@code hikaricp.connections.*}, tagged with the pool name) to this registry. Optional: Micrometer
     * is needed on the classpath only when this is called. To time the store's operations, wrap it
     * with tau4j-micrometer's {@code MeteredSessionStore} or {@code MeteredCaseRepository}.
     *
     * @param registry the registry
     * @return this builder
     */
    public final B meterRegistry(MeterRegistry registry) {
        this.meterRegistry = Objects.requireNonNull(registry, "registry");
        return self();
    }

    /**
     * Migrates (or validates) the schema, opens the pool for a URL, and returns the store.
     *
     * @return the store, ready for use
     * @throws IllegalStateException when neither or both of a data source and a URL are given
     * @throws RuntimeException      the store's "unavailable" exception when the database cannot be
     *                               reached (retrying may help), or its permanent exception otherwise
     */
    public final S build() {
        if ((dataSource == null) == (url == null)) {
            throw new IllegalStateException(dataSource == null
                    ? "give the store a dataSource(...) or a url(...)"
                    : "give the store either a dataSource(...) or a url(...), not both");
        }
        String where = url != null ? url.masked() : "caller's DataSource";
        DataSource migrations = url == null ? dataSource
                : PostgresDataSources.unpooled(url, timeouts, PostgresTimeouts.MIGRATION_SOCKET);
        try {
            SchemaMigrations.run(migrations, schema, historyTable(), migrationsLocation(), migration);
        } catch (RuntimeException e) {
            String operation = "preparing schema " + schema + " on " + where + " (migration " + migration + ")";
            throw startFailure(operation, e);
        }
        HikariDataSource pool = url == null ? null : PostgresDataSources.pooled(url, poolName(), poolSize, timeouts, meterRegistry);
        return open(new Opened(pool != null ? pool : dataSource, pool, schema, where));
    }

    /**
     * The Flyway history table of the store's migrations, in its schema.
     *
     * @return the table name
     */
    protected abstract String historyTable();

    /**
     * The classpath location of the migrations shipped in the store's jar.
     *
     * @return e.g. {@code classpath:db/tau4j/session}
     */
    protected abstract String migrationsLocation();

    /**
     * The name of the pool opened for a URL (shown in its threads and metrics).
     *
     * @return the pool name
     */
    protected abstract String poolName();

    /**
     * The store's exception for a failure while preparing the schema: its "unavailable" exception
     * when retrying may help, its permanent one otherwise (see {@code SqlStates.classify}).
     *
     * @param operation what was being done, with the masked URL
     * @param failure   what went wrong
     * @return the exception {@link #build()} throws
     */
    protected abstract RuntimeException startFailure(String operation, RuntimeException failure);

    /**
     * Creates the store over an opened database.
     *
     * @param database where the store's connections come from
     * @return the store
     */
    protected abstract S open(Opened database);

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /**
     * A database a store was opened on.
     *
     * @param dataSource  where connections come from: the owned pool, or the caller's data source
     * @param ownedPool   the pool the store opened and must close, or {@code null} for a caller's data
     *                    source
     * @param schema      the schema of the store's tables
     * @param description the masked URL, or "caller's DataSource": safe to log
     */
    public record Opened(DataSource dataSource, HikariDataSource ownedPool, String schema, String description) {

        /** Closes the owned pool, if any; a caller's data source stays open. */
        public void close() {
            if (ownedPool != null) {
                ownedPool.close();
            }
        }
    }
}
