package dev.tau4j.postgres;

import dev.tau4j.postgres.internal.SqlStates;
import dev.tau4j.postgres.internal.PostgresDataSources;
import dev.tau4j.postgres.internal.FailureKind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import java.time.Duration;
import org.postgresql.ds.PGSimpleDataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PostgresDataSourcesTest {

    @Test
    @DisplayName("the pool gets the JDBC URL without credentials, the credentials apart, a bounded timeout")
    void configured() {
        PostgresUrl url = PostgresUrl.parse("postgres://tau:s3cret@127.0.0.1:1/app?sslmode=disable");
        try (HikariDataSource ds = PostgresDataSources.pooled(url, "tau4j-test", 3)) {
            assertThat(ds.getJdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:1/app?sslmode=disable");
            assertThat(ds.getUsername()).isEqualTo("tau");
            assertThat(ds.getPassword()).isEqualTo("s3cret");
            assertThat(ds.getMaximumPoolSize()).isEqualTo(3);
            assertThat(ds.getPoolName()).isEqualTo("tau4j-test");
            assertThat(ds.getConnectionTimeout()).isEqualTo(PostgresTimeouts.DEFAULTS.poolWait().toMillis());
        }
    }

    @Test
    @DisplayName("every wait of a pooled connection is bounded: connect, login, socket, keep-alive, server timeouts")
    void bounded() {
        PostgresUrl url = PostgresUrl.parse("postgres://tau:s3cret@127.0.0.1:1/app");
        try (HikariDataSource ds = PostgresDataSources.pooled(url, "tau4j-test", 1, PostgresTimeouts.FAIL_FAST)) {
            assertThat(ds.getConnectionTimeout()).isEqualTo(1000);
            // read as the driver reads them: Properties.getProperty sees string values only
            java.util.Properties properties = ds.getDataSourceProperties();
            assertThat(properties.getProperty("connectTimeout")).isEqualTo("1");
            assertThat(properties.getProperty("loginTimeout")).isEqualTo("1");
            assertThat(properties.getProperty("socketTimeout")).isEqualTo("2");
            assertThat(properties.getProperty("tcpKeepAlive")).isEqualTo("true");
            assertThat(properties.stringPropertyNames()).contains("connectTimeout", "loginTimeout", "socketTimeout",
                    "tcpKeepAlive");
            assertThat(ds.getConnectionInitSql()).isEqualTo("SET statement_timeout = 1500; SET lock_timeout = 1000; "
                    + "SET idle_in_transaction_session_timeout = 5000");
        }
    }

    @Test
    @DisplayName("against a port nobody listens on, a borrow fails within the pool wait, not applied")
    void downServerFailsFast() {
        PostgresUrl url = PostgresUrl.parse("postgres://tau:s3cret@127.0.0.1:1/app");
        try (HikariDataSource ds = PostgresDataSources.pooled(url, "tau4j-test", 1, PostgresTimeouts.FAIL_FAST)) {
            long start = System.nanoTime();
            Throwable failure = catchThrowable(ds::getConnection);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(failure).isInstanceOf(SQLException.class);
            assertThat(millis).isLessThan(5_000);
            assertThat(SqlStates.classify(failure, true)).isEqualTo(FailureKind.NOT_APPLIED);
            assertThat(SqlStates.reason(failure)).contains("refused").doesNotContain("s3cret");
        }
    }

    @Test
    @DisplayName("the unpooled source for migrations has the credentials apart and bounded connect and reads")
    void unpooled() {
        PostgresUrl url = PostgresUrl.parse("postgres://tau:s3cret@127.0.0.1:1/app?sslmode=disable");
        var source = (PGSimpleDataSource) PostgresDataSources.unpooled(url, PostgresTimeouts.DEFAULTS,
                PostgresTimeouts.MIGRATION_SOCKET);
        assertThat(source.getURL()).doesNotContain("s3cret");
        assertThat(source.getConnectTimeout()).isEqualTo(5);
        assertThat(source.getSocketTimeout()).isEqualTo(300);
        assertThat(source.getTcpKeepAlive()).isTrue();
        Throwable failure = catchThrowable(source::getConnection);
        assertThat(SqlStates.classify(failure, false)).isEqualTo(FailureKind.NOT_APPLIED);
    }

    @Test
    @DisplayName("a password parameter such as sslpassword goes to the pool apart from the JDBC URL")
    void secretParameters() {
        PostgresUrl url = PostgresUrl.parse(
                "postgres://tau:s3cret@127.0.0.1:1/app?sslmode=require&sslpassword=hunter2&connect_timeout=5");
        try (HikariDataSource ds = PostgresDataSources.pooled(url, "tau4j-test", 3)) {
            assertThat(ds.getJdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:1/app?sslmode=require&connectTimeout=5");
            assertThat(ds.getDataSourceProperties().getProperty("sslpassword")).isEqualTo("hunter2");
        }
        assertThat(url.jdbcUrl()).as("the public JDBC URL keeps every parameter")
                .isEqualTo("jdbc:postgresql://127.0.0.1:1/app?sslmode=require&sslpassword=hunter2&connectTimeout=5");
    }

    @Test
    @DisplayName("bad arguments are refused")
    void invalid() {
        PostgresUrl url = PostgresUrl.parse("postgres://h/app");
        assertThatThrownBy(() -> PostgresDataSources.pooled(url, " ", 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PostgresDataSources.pooled(url, "p", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("a Unix-socket URL without junixsocket on the classpath is refused before any connection")
    void unixSocketNeedsJunixsocket() {
        PostgresUrl url = PostgresUrl.parse("postgres://app:secret@%2Fvar%2Frun%2Fpostgresql/agents");
        assertThatThrownBy(() -> PostgresDataSources.pooled(url, "t", 1, PostgresTimeouts.FAIL_FAST))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("junixsocket")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> PostgresDataSources.unpooled(url, PostgresTimeouts.FAIL_FAST, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("junixsocket");
    }

    @Test
    @DisplayName("with a meter registry the pool reports HikariCP's own metrics, tagged with its name")
    void hikariMetrics() {
        var registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        PostgresUrl url = PostgresUrl.parse("postgres://u@127.0.0.1:1/db");
        try (HikariDataSource pool = PostgresDataSources.pooled(url, "tau4j-test", 3, PostgresTimeouts.FAIL_FAST, registry)) {
            assertThat(registry.find("hikaricp.connections.max").tag("pool", "tau4j-test").gauge())
                    .isNotNull().satisfies(g -> assertThat(g.value()).isEqualTo(3.0));
        }
    }
}
