package dev.tau4j.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

@PostgresTest
@DisplayName("@PostgresTest")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresExtensionTest {

    private final TestPostgres postgres;

    PostgresExtensionTest(TestPostgres postgres) {
        this.postgres = postgres;
    }

    @Test
    @Order(1)
    @DisplayName("hands the constructor and the methods the same database and schema, searched by default")
    void sameDatabaseEverywhere(TestPostgres again) throws SQLException {
        assertThat(again).isSameAs(postgres);
        assertThat(query(postgres, "select current_schema()")).isEqualTo(postgres.schema());
        assertThat(postgres.schema()).matches("tau4j_test_[0-9a-f]{12}");
        assertThat(query(postgres, "select count(*) from pg_tables where schemaname = current_schema()"))
                .isEqualTo("0");
        execute(postgres, "create table notes (id int primary key)");
        execute(postgres, "insert into notes values (1)");
        assertThat(query(postgres, "select count(*) from " + postgres.schema() + ".notes")).isEqualTo("1");
    }

    @Test
    @Order(2)
    @DisplayName("keeps the class's schema between its tests, and makes more empty schemas on demand")
    void schemaOfTheClass() throws SQLException {
        assertThat(query(postgres, "select count(*) from notes")).isEqualTo("1");
        String other = postgres.newSchema();
        assertThat(other).isNotEqualTo(postgres.schema());
        assertThat(query(postgres, "select count(*) from pg_tables where schemaname = '" + other + "'")).isEqualTo("0");
    }

    @Test
    @DisplayName("is a real PostgreSQL, named with its provider, the password never shown")
    void realPostgres() throws SQLException {
        assertThat(query(postgres, "select version()")).startsWith("PostgreSQL ");
        assertThat(postgres.database().serverMajor()).isGreaterThanOrEqualTo(15);
        assertThat(postgres.database().attempts()).last().extracting(ProviderAttempt::outcome)
                .isEqualTo(ProviderAttempt.Outcome.READY);
        String password = postgres.url().password();
        if (password != null && !password.isEmpty()) {
            assertThat(postgres.toString()).doesNotContain(password);
        }
        assertThat(postgres.toString()).contains(postgres.schema()).contains(postgres.database().provider());
    }

    @Nested
    @DisplayName("in a nested class")
    class Inner {
        @Test
        @DisplayName("shares the outer class's schema")
        void sharesTheSchema(TestPostgres inner) {
            assertThat(inner).isSameAs(postgres);
        }
    }

    @Test
    @DisplayName("in a run of its own: a schema per class, dropped after it; the database stopped when the run ends")
    void aRunOfItsOwn() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.testclass.order.default",
                        "org.junit.jupiter.api.ClassOrderer$OrderAnnotation")
                .selectors(selectClass(FirstClass.class), selectClass(SecondClass.class)).execute();
        results.allEvents().assertStatistics(stats -> stats.failed(0));
        results.testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
        TestPostgres first = FirstClass.seen;
        if (!first.database().givenByUrl()) {
            assertThat(first.database().closed()).isTrue();
            assertThatThrownBy(() -> DriverManager.getConnection(first.url().jdbcUrl(), first.url().user(),
                    first.url().password())).isInstanceOf(SQLException.class);
        }
    }

    @Test
    @DisplayName("fails the class when the URL given in the environment cannot be used: no fallback, no skip")
    void failClosed() throws Exception {
        String password = "given-url-secret";
        List<String> output = runInChildJvm(NeedsADatabase.class,
                "postgres://nobody:" + password + "@127.0.0.1:1/none?sslmode=disable");
        String all = String.join("\n", output);
        assertThat(all).contains("classes failed=1; tests started=0 skipped=0")
                .contains("environment-url: failed")
                .contains("never replaced by another one")
                .doesNotContain("PostgreSQL provider embedded: trying")
                .doesNotContain(password);
    }

    /** Runs {@code testClass} in a JVM whose environment gives {@code url}, and returns what it printed. */
    static List<String> runInChildJvm(Class<?> testClass, String url) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-D" + PostgresSettings.URL_TIMEOUT_PROPERTY + "=2",
                ChildRun.class.getName(), testClass.getName())
                .redirectErrorStream(true);
        builder.environment().remove(PostgresSettings.TAU_DSN_VARIABLE);
        builder.environment().put(PostgresSettings.URL_VARIABLE, url);
        Process process = builder.start();
        List<String> lines = new ArrayList<>();
        try (var reader = process.inputReader(StandardCharsets.UTF_8)) {
            reader.lines().forEach(lines::add);
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("child JVM finished").isTrue();
        return lines;
    }

    private static String query(TestPostgres postgres, String sql) throws SQLException {
        try (Connection connection = postgres.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    private static void execute(TestPostgres postgres, String sql) throws SQLException {
        try (Connection connection = postgres.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Run through the test kit only (a static nested class: build tools do not pick it up). */
    @PostgresTest
    @Order(1)
    static class FirstClass {
        static volatile TestPostgres seen;

        @Test
        void records(TestPostgres postgres) throws SQLException {
            execute(postgres, "create table notes (id int)");
            seen = postgres;
        }
    }

    /** Runs after {@link FirstClass}, in the same run. */
    @PostgresTest
    @Order(2)
    static class SecondClass {
        @Test
        void seesTheSameDatabaseAndNotTheSchema(TestPostgres postgres) throws SQLException {
            TestPostgres first = FirstClass.seen;
            assertThat(postgres.url()).isEqualTo(first.url());
            assertThat(postgres.schema()).isNotEqualTo(first.schema());
            assertThat(query(postgres, "select count(*) from information_schema.schemata where schema_name = '"
                    + first.schema() + "'")).isEqualTo("0");
        }
    }

    /** Run in a child JVM only. */
    @PostgresTest
    static class NeedsADatabase {
        @Test
        void usesIt(TestPostgres postgres) {
            assertThat(postgres.schema()).isNotBlank();
        }
    }

    /** The child JVM's main: runs one class and prints the outcome of its tests and every failure. */
    static final class ChildRun {
        public static void main(String[] args) throws ClassNotFoundException {
            EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                    .selectors(selectClass(Class.forName(args[0]))).execute();
            var tests = results.testEvents();
            System.out.println("classes failed=" + results.containerEvents().failed().count() + "; tests started="
                    + tests.started().count() + " skipped=" + tests.skipped().count());
            results.allEvents().failed().stream().forEach(event -> event.getPayload(
                    org.junit.platform.engine.TestExecutionResult.class).flatMap(
                    org.junit.platform.engine.TestExecutionResult::getThrowable).ifPresent(t -> System.out.println(
                    "failure: " + t)));
        }
    }
}
