package dev.tau4j.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.Objects;

/**
 * Pooled {@link javax.sql.DataSource}s for a {@link PostgresUrl}.
 *
 * <p>Credentials (user, password, and every parameter whose name contains "password", such as
 * {@code sslpassword}) go to the pool separately from the JDBC URL, so they never show up in the URL
 * that the driver, the pool or Flyway log.
 */
public final class PostgresDataSources {

    /** How long a caller waits for a connection before getting a (transient) {@code SQLException}. */
    public static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(10);

    private PostgresDataSources() {
    }

    /**
     * A HikariCP pool of at most {@code maxPoolSize} connections to {@code url}, with a
     * {@linkplain #CONNECTION_TIMEOUT bounded connection timeout}. The pool starts lazily-tolerant:
     * it does not fail construction when the server is down; the first borrow does.
     * The caller owns the pool and must {@linkplain HikariDataSource#close() close} it.
     *
     * @param poolName    a name for logs and metrics, e.g. {@code "tau4j-cases"}
     * @param maxPoolSize 1..1000
     */
    public static HikariDataSource pooled(PostgresUrl url, String poolName, int maxPoolSize) {
        Objects.requireNonNull(url, "url");
        if (poolName == null || poolName.isBlank()) {
            throw new IllegalArgumentException("poolName must not be blank");
        }
        if (maxPoolSize < 1 || maxPoolSize > 1000) {
            throw new IllegalArgumentException("maxPoolSize must be between 1 and 1000");
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName(poolName);
        config.setDriverClassName("org.postgresql.Driver");
        config.setJdbcUrl(url.jdbcUrlWithoutSecrets());
        url.parameters().forEach((name, value) -> {
            if (PostgresUrl.isSecretParameter(name)) {
                config.addDataSourceProperty(name, value);
            }
        });
        if (url.user() != null) {
            config.setUsername(url.user());
        }
        if (url.password() != null) {
            config.setPassword(url.password());
        }
        config.setMaximumPoolSize(maxPoolSize);
        config.setMinimumIdle(Math.min(2, maxPoolSize));
        config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        config.setValidationTimeout(Duration.ofSeconds(5).toMillis());
        // Do not fail construction when the database is not up yet; the first borrow reports it.
        config.setInitializationFailTimeout(-1);
        if (!url.parameters().containsKey("ApplicationName")
                && !url.parameters().containsKey("application_name")) {
            config.addDataSourceProperty("ApplicationName", poolName);
        }
        return new HikariDataSource(config);
    }
}
