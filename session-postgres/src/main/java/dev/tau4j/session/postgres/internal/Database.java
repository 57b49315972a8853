package dev.tau4j.session.postgres.internal;

import dev.tau4j.session.postgres.internal.schema.Public;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.MappedSchema;
import org.jooq.conf.RenderMapping;
import org.jooq.conf.Settings;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * Runs work on one borrowed connection: a read, one auto-committed write statement, or a transaction;
 * plain JDBC work, or jOOQ work through {@link #jooq}. A database failure comes out as {@link Failure}, which says whether a write (or its
 * commit) may have reached the server: the fact that tells "not applied" from "outcome unknown".
 *
 * <p>Table names are rendered qualified with the configured schema: the generated table classes live
 * in schema {@code PUBLIC} (the code generator's name for the migration's unqualified tables), which is
 * mapped to the configured schema at render time. Names without a schema (common table expressions,
 * derived tables, {@code excluded}) are left alone.
 */
public final class Database {

    /** The schema the generated table classes are in; mapped to the configured schema when rendering. */
    static final String GENERATED_SCHEMA = Public.PUBLIC.getName();

    /** Work on a connection, as a jOOQ context bound to it. */
    @FunctionalInterface
    public interface Work<T> {
        T run(DSLContext sql);
    }

    /** Work on a connection over plain JDBC: the hot paths, whose statements are prepared once as text. */
    @FunctionalInterface
    public interface JdbcWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * A database failure of some work, with whether a write or its commit may have reached the server.
     * Exceptions the work throws itself (the SPI's) pass through unchanged.
     */
    public static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean writeInFlight;

        Failure(Exception cause, boolean writeInFlight) {
            super(cause);
            this.writeInFlight = writeInFlight;
        }

        /** Whether the write, or its commit, may have reached the server before the failure. */
        public boolean writeInFlight() {
            return writeInFlight;
        }
    }

    private final DataSource dataSource;
    private final Settings settings;

    public Database(DataSource dataSource, String schema) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.settings = settings(schema);
    }

    /** jOOQ settings that qualify every generated table with {@code schema} and log nothing. */
    public static Settings settings(String schema) {
        Objects.requireNonNull(schema, "schema");
        return new Settings()
                .withRenderMapping(new RenderMapping()
                        .withSchemata(new MappedSchema().withInput(GENERATED_SCHEMA).withOutput(schema)))
                .withExecuteLogging(false)
                .withFetchWarnings(false)
                .withRenderFormatted(false);
    }

    /** Runs reads in auto-commit mode; a failure never has a write in flight. */
    public <T> T read(JdbcWork<T> work) throws Failure {
        return autoCommit(work, false);
    }

    /**
     * Runs one write statement in auto-commit mode: one round trip, its own transaction. A failure after
     * the connection was obtained may have happened after the server committed.
     */
    public <T> T write(JdbcWork<T> work) throws Failure {
        return autoCommit(work, true);
    }

    /** {@code work} as JDBC work: a jOOQ context over the connection, with this store's schema mapping. */
    public <T> JdbcWork<T> jooq(Work<T> work) {
        return connection -> work.run(DSL.using(connection, SQLDialect.POSTGRES, settings));
    }

    private <T> T autoCommit(JdbcWork<T> work, boolean writes) throws Failure {
        boolean sent = false;
        try (Connection connection = dataSource.getConnection()) {
            boolean wasAutoCommit = connection.getAutoCommit();
            if (!wasAutoCommit) {
                connection.setAutoCommit(true);
            }
            try {
                sent = writes;
                return work.run(connection);
            } finally {
                if (!wasAutoCommit) {
                    connection.setAutoCommit(false);
                }
            }
        } catch (SQLException | DataAccessException e) {
            throw new Failure(e, sent);
        }
    }

    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws
     * (what it throws itself is rethrown unchanged). Until the commit is sent nothing can have been
     * written (the server rolls back a transaction whose connection is lost); a failure of the commit
     * itself has the write in flight.
     */
    public <T> T transaction(JdbcWork<T> work) throws Failure {
        boolean committing = false;
        try (Connection connection = dataSource.getConnection()) {
            boolean wasAutoCommit = connection.getAutoCommit();
            if (wasAutoCommit) {
                connection.setAutoCommit(false);
            }
            try {
                T result = work.run(connection);
                committing = true;
                connection.commit();
                return result;
            } catch (Throwable failure) {
                if (!committing) {
                    rollback(connection, failure);
                }
                throw failure;
            } finally {
                if (wasAutoCommit) {
                    restoreAutoCommit(connection);
                }
            }
        } catch (SQLException | DataAccessException e) {
            throw new Failure(e, committing);
        }
    }

    private static void rollback(Connection connection, Throwable failure) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            failure.addSuppressed(rollbackFailure);
        }
    }

    private static void restoreAutoCommit(Connection connection) {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException ignored) {
            // The connection is broken; closing it below hands it back to the pool, which discards it.
        }
    }
}
