package dev.tau4j.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
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
            assertThat(ds.getConnectionTimeout()).isEqualTo(PostgresDataSources.CONNECTION_TIMEOUT.toMillis());
        }
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
}
