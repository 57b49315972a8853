package dev.tau4j.testing.internal;

import dev.tau4j.postgres.PostgresUrl;
import dev.tau4j.postgres.internal.SqlStates;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits until a PostgreSQL answers a real query ({@code select version()}), within a bounded budget
 * and with a short backoff. Failures that waiting cannot fix (wrong password, unknown database,
 * SSL refused) end the wait at once.
 */
public final class ReadinessProbe {

    private static final Logger LOG = LoggerFactory.getLogger("dev.tau4j.testing");
    private static final long FIRST_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 1_000;

    private ReadinessProbe() {
    }

    /** What the server said about itself once ready. */
    public record ServerInfo(String version, String serverVersion, int serverVersionNum) {
        /** The major version, e.g. 15. */
        public int major() {
            return serverVersionNum / 10_000;
        }
    }

    /** The database did not become ready; the message names why and never contains a password. */
    public static final class NotReadyException extends Exception {
        private static final long serialVersionUID = 1L;

        NotReadyException(String message) {
            super(message);
        }
    }

    /**
     * Polls {@code url} until {@code select version()} answers or {@code budget} is spent.
     *
     * @throws NotReadyException when the budget is spent or a permanent failure occurs
     */
    public static ServerInfo await(PostgresUrl url, Duration budget) throws NotReadyException {
        long deadline = System.nanoTime() + budget.toNanos();
        long backoff = FIRST_BACKOFF_MS;
        int attempts = 0;
        String last = "no attempt made";
        while (true) {
            attempts++;
            long remainingMs = (deadline - System.nanoTime()) / 1_000_000;
            try {
                return query(url, Math.max(1, (int) Math.min(10, (remainingMs + 999) / 1000)));
            } catch (SQLException e) {
                last = Redaction.describe(e, url);
                String state = SqlStates.sqlState(e);
                if (isPermanent(state)) {
                    throw new NotReadyException("refused the connection (SQLState " + state + "): " + last);
                }
                LOG.debug("PostgreSQL not ready yet (attempt {}): {}", attempts, last);
            }
            long now = System.nanoTime();
            if (now >= deadline) {
                break;
            }
            try {
                Thread.sleep(Math.min(backoff, Math.max(1, (deadline - now) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NotReadyException("interrupted while waiting for readiness; last error: " + last);
            }
            backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
        }
        throw new NotReadyException("did not answer select version() within " + budget.toSeconds() + " s ("
                + attempts + " attempt" + (attempts == 1 ? "" : "s") + "); last error: " + last);
    }

    static boolean isPermanent(String sqlState) {
        return sqlState != null && (sqlState.startsWith("28") // invalid authorization
                || sqlState.equals("3D000")                    // database does not exist
                || sqlState.equals("08004"));                  // server rejected the connection (e.g. SSL)
    }

    private static ServerInfo query(PostgresUrl url, int timeoutSeconds) throws SQLException {
        Properties properties = new Properties();
        if (url.user() != null) {
            properties.setProperty("user", url.user());
        }
        if (url.password() != null) {
            properties.setProperty("password", url.password());
        }
        properties.setProperty("connectTimeout", Integer.toString(timeoutSeconds));
        properties.setProperty("loginTimeout", Integer.toString(timeoutSeconds));
        properties.setProperty("socketTimeout", Integer.toString(Math.max(timeoutSeconds, 5)));
        properties.setProperty("ApplicationName", "tau4j-live-readiness");
        try (Connection connection = DriverManager.getConnection(url.jdbcUrl(), properties);
             Statement statement = connection.createStatement()) {
            String version;
            try (ResultSet rs = statement.executeQuery("select version()")) {
                rs.next();
                version = rs.getString(1);
            }
            String serverVersion;
            try (ResultSet rs = statement.executeQuery("show server_version")) {
                rs.next();
                serverVersion = rs.getString(1);
            }
            int versionNum;
            try (ResultSet rs = statement.executeQuery("show server_version_num")) {
                rs.next();
                versionNum = Integer.parseInt(rs.getString(1));
            }
            return new ServerInfo(version, serverVersion, versionNum);
        }
    }
}
