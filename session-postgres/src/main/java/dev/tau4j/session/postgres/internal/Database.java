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
import org.jooq.impl.DSL;

/**
 * Runs jOOQ work on one borrowed connection, either as a single auto-committed statement or inside
 * an explicit transaction. Table names are rendered qualified with the configured schema: the
 * generated table classes live in schema {@code PUBLIC} (the code generator's name for the migration's
 * unqualified tables), which is mapped to the configured schema at render time. Names without a schema
 * (common table expressions, derived tables, {@code excluded}) are left alone.
 */
public final class Database {

    /** The schema the generated table classes are in; mapped to the configured schema when rendering. */
    static final String GENERATED_SCHEMA = Public.PUBLIC.getName();

    /** Work on a connection, as a jOOQ context bound to it. */
    @FunctionalInterface
    public interface Work<T> {
        T run(DSLContext sql);
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

    /**
     * Runs {@code work} in auto-commit mode: each statement it executes is its own transaction. Meant
     * for single statements (a read, or one atomic write): one round trip each.
     */
    public <T> T autoCommit(Work<T> work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            boolean wasAutoCommit = connection.getAutoCommit();
            if (!wasAutoCommit) {
                connection.setAutoCommit(true);
            }
            try {
                return work.run(DSL.using(connection, SQLDialect.POSTGRES, settings));
            } finally {
                if (!wasAutoCommit) {
                    connection.setAutoCommit(false);
                }
            }
        }
    }

    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws
     * (whatever it throws, which is then rethrown unchanged).
     */
    public <T> T transaction(Work<T> work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            boolean wasAutoCommit = connection.getAutoCommit();
            if (wasAutoCommit) {
                connection.setAutoCommit(false);
            }
            try {
                T result = work.run(DSL.using(connection, SQLDialect.POSTGRES, settings));
                connection.commit();
                return result;
            } catch (Throwable failure) {
                try {
                    connection.rollback();
                } catch (SQLException rollbackFailure) {
                    failure.addSuppressed(rollbackFailure);
                }
                throw failure;
            } finally {
                if (wasAutoCommit) {
                    restoreAutoCommit(connection);
                }
            }
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
