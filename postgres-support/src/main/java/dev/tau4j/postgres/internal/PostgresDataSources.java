package dev.tau4j.postgres.internal;

import dev.tau4j.postgres.PostgresUrl;
import dev.tau4j.postgres.PostgresTimeouts;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * {@link DataSource}s for a {@link PostgresUrl}, with every wait bounded by {@link PostgresTimeouts}.
 *
 * <p>Credentials (user, password, and every parameter whose name contains "password", such as
 * {@code sslpassword}) go to the driver separately from the JDBC URL, so they never show up in the URL
 * that the driver, the pool or Flyway log. A timeout given as a URL parameter ({@code connectTimeout},
 * {@code socketTimeout}) overrides the one of the {@link PostgresTimeouts}.
 */
public final class PostgresDataSources {

    private PostgresDataSources() {
    }

    /** {@link #pooled(PostgresUrl, String, int, PostgresTimeouts)} with {@link PostgresTimeouts#DEFAULTS}. */
    public static HikariDataSource pooled(PostgresUrl url, String poolName, int maxPoolSize) {
        return pooled(url, poolName, maxPoolSize, PostgresTimeouts.DEFAULTS);
    }

    /**
     * A HikariCP pool of at most {@code maxPoolSize} connections to {@code url}. A call waits at most
     * {@link PostgresTimeouts#poolWait()} for a connection; each connection is opened within
     * {@link PostgresTimeouts#connect()}, reads time out after {@link PostgresTimeouts#socket()}, TCP
     * keep-alive is on, and the server-side statement, lock and idle-in-transaction timeouts are set
     * once per connection when it is opened. The pool does not fail construction when the server is
     * down; the first borrow reports it. The caller owns the pool and must
     * {@linkplain HikariDataSource#close() close} it.
     *
     * @param poolName    a name for logs and metrics, e.g. {@code "tau4j-cases"}
     * @param maxPoolSize 1..1000
     */
    public static HikariDataSource pooled(PostgresUrl url, String poolName, int maxPoolSize,
                                          PostgresTimeouts timeouts) {
        return pooled(url, poolName, maxPoolSize, timeouts, null);
    }

    /**
     * {@link #pooled(PostgresUrl, String, int, PostgresTimeouts)}, reporting HikariCP's metrics to
     * {@code meterRegistry} (a Micrometer {@code MeterRegistry}) unless it is {@code null}.
     */
    public static HikariDataSource pooled(PostgresUrl url, String poolName, int maxPoolSize,
                                          PostgresTimeouts timeouts, Object meterRegistry) {
        requireReachable(url);
        Objects.requireNonNull(timeouts, "timeouts");
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
        // Strings only: the pool hands these to the driver as java.util.Properties, and the driver reads only
        // string values (an Integer would be silently dropped, leaving every wait unbounded).
        config.addDataSourceProperty("connectTimeout", String.valueOf(timeouts.connectSeconds()));
        config.addDataSourceProperty("loginTimeout", String.valueOf(timeouts.connectSeconds()));
        config.addDataSourceProperty("socketTimeout", String.valueOf(timeouts.socketSeconds()));
        config.addDataSourceProperty("tcpKeepAlive", "true");
        config.setConnectionInitSql(timeouts.sessionSettingsSql());
        config.setMaximumPoolSize(maxPoolSize);
        config.setMinimumIdle(Math.min(2, maxPoolSize));
        config.setConnectionTimeout(timeouts.poolWait().toMillis());
        config.setValidationTimeout(Math.min(Duration.ofSeconds(5).toMillis(),
                Math.max(250, timeouts.poolWait().toMillis() - 1)));
        // Do not fail construction when the database is not up yet; the first borrow reports it.
        config.setInitializationFailTimeout(-1);
        if (!url.parameters().containsKey("ApplicationName")
                && !url.parameters().containsKey("application_name")) {
            config.addDataSourceProperty("ApplicationName", poolName);
        }
        if (meterRegistry != null) {
            config.setMetricRegistry(meterRegistry); // HikariCP's own Micrometer tracker
        }
        return new HikariDataSource(config);
    }

    /**
     * A data source that opens a new connection on every call, for work that must not take a
     * connection from a store's pool (migrations, so that a pool of one can start). Connect and login
     * within {@link PostgresTimeouts#connect()}; reads time out after {@code socketTimeout}.
     */
    public static DataSource unpooled(PostgresUrl url, PostgresTimeouts timeouts, Duration socketTimeout) {
        requireReachable(url);
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(socketTimeout, "socketTimeout");
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setURL(url.jdbcUrlWithoutSecrets());
        try {
            for (var parameter : url.parameters().entrySet()) {
                if (PostgresUrl.isSecretParameter(parameter.getKey())) {
                    source.setProperty(parameter.getKey(), parameter.getValue());
                }
            }
        } catch (SQLException e) {
            throw new IllegalArgumentException("PostgreSQL URL: a password parameter is not known to the driver", e);
        }
        if (url.user() != null) {
            source.setUser(url.user());
        }
        if (url.password() != null) {
            source.setPassword(url.password());
        }
        if (!url.parameters().containsKey("connectTimeout") && !url.parameters().containsKey("connect_timeout")) {
            source.setConnectTimeout(timeouts.connectSeconds());
        }
        source.setLoginTimeout(timeouts.connectSeconds());
        if (!url.parameters().containsKey("socketTimeout")) {
            source.setSocketTimeout((int) Math.max(1, socketTimeout.toSeconds()));
        }
        source.setTcpKeepAlive(true);
        return source;
    }

    /**
     * Refuses, before any connection attempt, a Unix-domain socket URL when junixsocket (the socket
     * factory pgjdbc needs for it) is not on the classpath: otherwise every connection would fail with
     * a driver error that looks like a network problem.
     */
    private static void requireReachable(PostgresUrl url) {
        Objects.requireNonNull(url, "url");
        if (url.isUnixSocket()) {
            try {
                Class.forName(PostgresUrl.UNIX_SOCKET_FACTORY, false, PostgresDataSources.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalArgumentException("PostgreSQL URL: a Unix-domain socket host needs junixsocket on "
                        + "the classpath (com.kohlschutter.junixsocket:junixsocket-core, type pom)");
            }
        }
    }
}
