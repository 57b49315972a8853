package dev.tau4j.postgres.internal;

import dev.tau4j.postgres.MigrationMode;

import java.util.Objects;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.output.ValidateResult;

/**
 * Applies the Flyway migrations shipped under a classpath location to one PostgreSQL schema, with a
 * history table of its own, so several tau4j modules can share a schema without sharing a history.
 *
 * <p>Safe when several nodes start at once: Flyway holds a PostgreSQL advisory lock while it
 * migrates, so one node applies the migrations and the others wait, then find nothing to do.
 * The schema is created when missing. {@code clean} is never enabled.
 */
public final class SchemaMigrations {

    /** Lower-case PostgreSQL identifiers that need no quoting: letter or underscore first, ≤ 63 chars. */
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private SchemaMigrations() {
    }

    /**
     * Runs the migrations according to {@code mode}.
     *
     * @param dataSource   where to connect; not closed here
     * @param schema       target schema, a lower-case identifier such as {@code tau4j}
     * @param historyTable Flyway history table in that schema, a lower-case identifier
     * @param location     classpath location of the migrations, e.g. {@code classpath:db/tau4j/cases}
     * @param mode         migrate, validate only, or do nothing
     * @return the number of migrations applied (0 unless {@code mode} is {@code MIGRATE})
     * @throws IllegalArgumentException for an invalid schema or table name
     * @throws IllegalStateException    when validation or migration fails (cause attached)
     */
    public static int run(DataSource dataSource, String schema, String historyTable, String location,
                          MigrationMode mode) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(mode, "mode");
        requireIdentifier(schema, "schema");
        requireIdentifier(historyTable, "historyTable");
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException("location must not be blank");
        }
        if (mode == MigrationMode.NONE) {
            return 0;
        }
        Flyway flyway = Flyway.configure(SchemaMigrations.class.getClassLoader())
                .dataSource(dataSource)
                .schemas(schema)
                .defaultSchema(schema)
                .createSchemas(true)
                .table(historyTable)
                .locations(location)
                .failOnMissingLocations(true)
                // Another module may already own tables in this schema (with its own history
                // table): start this history at version 0 so that V1 is still applied.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .cleanDisabled(true)
                .load();
        try {
            if (mode == MigrationMode.VALIDATE) {
                ValidateResult result = flyway.validateWithResult();
                if (!result.validationSuccessful) {
                    throw new IllegalStateException("Schema " + schema + " (history " + historyTable
                            + ") does not match the migrations in " + location + ": "
                            + result.getAllErrorMessages());
                }
                return 0;
            }
            MigrateResult result = flyway.migrate();
            return result.migrationsExecuted;
        } catch (FlywayException e) {
            throw new IllegalStateException("Migrating schema " + schema + " (history " + historyTable
                    + ") from " + location + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Checks that {@code name} is a lower-case PostgreSQL identifier ({@code [a-z_][a-z0-9_]*}, at
     * most 63 characters).
     *
     * @return {@code name}
     * @throws IllegalArgumentException naming {@code what} otherwise
     */
    public static String requireIdentifier(String name, String what) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " must match [a-z_][a-z0-9_]* and be at most 63 characters");
        }
        return name;
    }
}
