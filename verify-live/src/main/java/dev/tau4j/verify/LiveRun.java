package dev.tau4j.verify;

import dev.tau4j.testing.PostgresProvisioner;
import dev.tau4j.testing.ProvisioningException;
import dev.tau4j.testing.ProvisionedPostgres;
import com.zaxxer.hikari.HikariDataSource;
import dev.tau4j.postgres.internal.PostgresDataSources;
import dev.tau4j.postgres.internal.SchemaMigrations;
import dev.tau4j.testing.internal.Redaction;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One execution of the live verification against one provisioned PostgreSQL: the database, a
 * connection pool over it, fresh schemas for the tests, and what the execution recorded (its database
 * record, the smoke's and the fault checks' evidence), kept in memory for {@link LiveVerifier}.
 *
 * <p>{@link #close()} tears everything down (drops the schemas it created, closes the pool, stops the
 * database) and records how long that took; a JVM shutdown hook does the same on an interrupt. Thread-safe.
 */
public final class LiveRun implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("dev.tau4j.verify");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int POOL_SIZE = 16;

    private final LiveSettings settings;
    private static LiveRun current;
    private final ProvisionedPostgres database;
    private final HikariDataSource pool;
    private final List<String> schemas = new ArrayList<>();
    private final Thread hook;
    private ExecutionRecord record;
    private SmokeEvidence smoke;
    private FaultEvidence faults;
    private boolean closed;

    private LiveRun(LiveSettings settings, ExecutionRecord record, ProvisionedPostgres database) {
        this.settings = settings;
        this.record = record;
        this.database = database;
        this.pool = PostgresDataSources.pooled(database.url(), "tau4j-live-" + settings.executionId(), POOL_SIZE);
        this.hook = new Thread(this::closeFromHook, "tau4j-live-run-teardown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Provisions the database through the standard provider chain.
     *
     * @throws ProvisioningException when no database could be provisioned
     */
    public static LiveRun start(LiveSettings settings) {
        Objects.requireNonNull(settings, "settings");
        LOG.info("Live run {}: PostgreSQL {} requested{}", settings.executionId(), settings.major(),
                settings.postgres().environmentUrl().map(u -> "; a URL is given in " + u.describe()).orElse(""));
        ProvisionedPostgres database = PostgresProvisioner.standard(settings.postgres()).provision();
        if (database.givenByUrl()) {
            LOG.info("Live run {}: using the database given in the environment ({}, PostgreSQL {}); the requested"
                    + " major {} is not provisioned", settings.executionId(), database.url().masked(),
                    database.serverVersion(), settings.major());
        }
        try {
            return new LiveRun(settings, ExecutionRecord.starting(settings.executionId(), settings.major())
                    .withDatabase(database), database);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /** The run of the current execution, set by {@link LiveVerifier} while its test classes run. */
    public static synchronized Optional<LiveRun> current() {
        return Optional.ofNullable(current);
    }

    static synchronized void current(LiveRun run) {
        current = run;
    }

    /** The settings this run was started with. */
    public LiveSettings settings() {
        return settings;
    }

    /** The provisioned database. */
    public ProvisionedPostgres database() {
        return database;
    }

    /** A pooled data source over the database, owned by this run (closed by {@link #close()}). */
    public DataSource dataSource() {
        return pool;
    }

    /**
     * A new schema name, unique to this run ({@code tau4j_live_<random>}), dropped at teardown. The
     * schema itself is not created: migrations create it.
     */
    public synchronized String newSchemaName() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        String name = SchemaMigrations.requireIdentifier("tau4j_live_" + HexFormat.of().formatHex(bytes), "schema");
        schemas.add(name);
        return name;
    }

    /** Adds one schema migration and its duration to the evidence. */
    public synchronized void recordMigration(Duration took) {
        record = record.plusMigration(took.toMillis());
    }

    /** Adds the wall time of one test class run against this database to the evidence. */
    public synchronized void recordKit(Duration took) {
        record = record.plusKit(took.toMillis());
    }

    /** Keeps what the cases smoke did (its recorder hands it over when the smoke class ends). */
    public synchronized void recordSmoke(SmokeEvidence evidence) {
        smoke = Objects.requireNonNull(evidence, "evidence");
    }

    /** Keeps what the fault checks did (their recorder hands it over when the fault class ends). */
    public synchronized void recordFaults(FaultEvidence evidence) {
        faults = Objects.requireNonNull(evidence, "evidence");
    }

    /** What the cases smoke recorded, if it recorded anything. */
    public synchronized Optional<SmokeEvidence> smoke() {
        return Optional.ofNullable(smoke);
    }

    /** What the fault checks recorded, if they recorded anything. */
    public synchronized Optional<FaultEvidence> faults() {
        return Optional.ofNullable(faults);
    }

    /** The evidence recorded so far. */
    public synchronized ExecutionRecord record() {
        return record;
    }

    /** Drops the schemas, closes the pool, stops the database and records the teardown; idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        long start = System.nanoTime();
        List<String> problems = new ArrayList<>();
        dropSchemas(problems);
        try {
            pool.close();
        } catch (RuntimeException e) {
            problems.add("closing the pool: " + Redaction.describe(e, database.url()));
        }
        database.close();
        database.teardownProblem().ifPresent(problems::add);
        long ms = Duration.ofNanos(System.nanoTime() - start).toMillis();
        String outcome = problems.isEmpty() ? ExecutionRecord.DONE : "failed: " + String.join("; ", problems);
        synchronized (this) {
            record = record.withTeardown(ms, outcome);
        }
        LOG.info("Live run {}: teardown {} in {} ms", settings.executionId(), outcome, ms);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // running from the hook, or the JVM is already shutting down
        }
    }

    private void dropSchemas(List<String> problems) {
        List<String> toDrop;
        synchronized (this) {
            toDrop = List.copyOf(schemas);
        }
        if (toDrop.isEmpty()) {
            return;
        }
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            for (String schema : toDrop) {
                // the name was generated by newSchemaName() and checked as a plain identifier
                statement.execute("drop schema if exists " + schema + " cascade");
            }
        } catch (SQLException | RuntimeException e) {
            problems.add("dropping the test schemas: " + Redaction.describe(e, database.url()));
        }
    }

    private void closeFromHook() {
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        LOG.warn("Live run {}: JVM shutting down before teardown; tearing down now", settings.executionId());
        close();
    }
}
