package dev.tau4j.testing;

import com.zaxxer.hikari.HikariDataSource;
import dev.tau4j.postgres.PostgresUrl;
import dev.tau4j.postgres.internal.PostgresDataSources;
import dev.tau4j.postgres.internal.SchemaMigrations;
import dev.tau4j.testing.internal.Redaction;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The PostgreSQL a {@link PostgresTest} class runs against: the provisioned database, a schema created for
 * the class (empty at its start, dropped with everything in it when the class has finished), and a
 * connection pool whose connections use that schema by default. Thread-safe; {@link #toString()} never
 * shows the password.
 */
public final class TestPostgres {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int POOL_SIZE = 12;

    private final ProvisionedPostgres database;
    private final String schema;
    private final HikariDataSource pool;
    private final List<String> schemas = new ArrayList<>();

    TestPostgres(ProvisionedPostgres database, String poolName) {
        this.database = database;
        this.schema = schemaName();
        Map<String, String> parameters = new HashMap<>(database.url().parameters());
        parameters.put("currentSchema", schema);
        PostgresUrl url = database.url();
        this.pool = PostgresDataSources.pooled(PostgresUrl.of(url.host(), url.port(), url.database(), url.user(),
                url.password(), parameters), poolName, POOL_SIZE);
        try {
            create(schema);
        } catch (SQLException | RuntimeException e) {
            pool.close();
            throw new IllegalStateException("could not create the test schema " + schema + " on " + this + ": "
                    + Redaction.describe(e, url), e);
        }
    }

    /** Where the database is, credentials included (its {@code toString()} masks the password). */
    public PostgresUrl url() {
        return database.url();
    }

    /**
     * A pool of up to 12 connections to the database, whose {@code search_path} is {@link #schema()};
     * owned by the extension (closed when the class has finished), never close it yourself.
     */
    public DataSource dataSource() {
        return pool;
    }

    /** The schema created for this class ({@code tau4j_test_<random>}), empty when the class starts. */
    public String schema() {
        return schema;
    }

    /**
     * Creates another empty schema (for a test that needs a clean one each time), dropped with the class's.
     *
     * @return its name, {@code tau4j_test_<random>}
     * @throws SQLException when the database refuses
     */
    public String newSchema() throws SQLException {
        String name = schemaName();
        create(name);
        return name;
    }

    /** The database: which provider supplied it, its server version and major, the providers tried. */
    public ProvisionedPostgres database() {
        return database;
    }

    @Override
    public String toString() {
        return database + ", schema " + schema;
    }

    /** Drops every schema this instance created and closes the pool; the first problem is thrown. */
    void close() throws SQLException {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            for (String name : dropOrder()) {
                // names come from schemaName(): checked plain identifiers
                statement.execute("drop schema if exists " + name + " cascade");
            }
        } finally {
            pool.close();
        }
    }

    private synchronized List<String> dropOrder() {
        return List.copyOf(schemas);
    }

    private void create(String name) throws SQLException {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("create schema " + name);
        }
        synchronized (this) {
            schemas.add(name);
        }
    }

    private static String schemaName() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return SchemaMigrations.requireIdentifier("tau4j_test_" + HexFormat.of().formatHex(bytes), "schema");
    }
}
