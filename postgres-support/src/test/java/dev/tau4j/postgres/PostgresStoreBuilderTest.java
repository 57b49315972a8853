package dev.tau4j.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.sql.Connection;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("one bootstrap for every PostgreSQL store")
class PostgresStoreBuilderTest {

    /** The smallest store builder: what it opens is the store. */
    static final class TestBuilder extends PostgresStoreBuilder<PostgresStoreBuilder.Opened, TestBuilder> {
        TestBuilder() {
            super("tau4j");
        }

        @Override
        protected String historyTable() {
            return "test_history";
        }

        @Override
        protected String migrationsLocation() {
            return "classpath:db/none";
        }

        @Override
        protected String poolName() {
            return "test";
        }

        @Override
        protected RuntimeException startFailure(String operation, RuntimeException failure) {
            return new IllegalStateException(operation, failure);
        }

        @Override
        protected Opened open(Opened database) {
            return database;
        }
    }

    @ParameterizedTest(name = "poolSize({0}) is refused when set")
    @ValueSource(ints = {0, -1, 1001, 5000})
    void poolSizeOutOfRangeIsRefusedWhenSet(int size) {
        assertThatThrownBy(() -> new TestBuilder().poolSize(size))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("between 1 and 1000");
    }

    @Test
    void nullsAndBadSchemasAreRefusedWhenSet() {
        TestBuilder builder = new TestBuilder();
        assertThatThrownBy(() -> builder.dataSource(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> builder.url((PostgresUrl) null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> builder.migration(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> builder.timeouts(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> builder.schema("Bad-Schema")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.url("mysql://x/y")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void neitherOrBothOfDataSourceAndUrlAreRefusedAtBuild() {
        assertThatThrownBy(() -> new TestBuilder().build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("dataSource(...) or a url(...)");
        assertThatThrownBy(() -> new TestBuilder().dataSource(new NoDataSource()).url("postgres://u@h/db").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not both");
    }

    @Test
    void aCallersDataSourceIsUsedAsIsAndNeverOwned() {
        NoDataSource caller = new NoDataSource();
        PostgresStoreBuilder.Opened opened = new TestBuilder().dataSource(caller).schema("app")
                .migration(MigrationMode.NONE).build();
        assertThat(opened.dataSource()).isSameAs(caller);
        assertThat(opened.ownedPool()).isNull();
        assertThat(opened.schema()).isEqualTo("app");
        assertThat(opened.description()).isEqualTo("caller's DataSource");
        opened.close(); // nothing to close: the caller's data source stays the caller's
    }

    /** A data source no test may connect to. */
    static final class NoDataSource implements DataSource {
        @Override
        public Connection getConnection() {
            throw new AssertionError("no connection expected");
        }

        @Override
        public Connection getConnection(String user, String password) {
            throw new AssertionError("no connection expected");
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> iface) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
