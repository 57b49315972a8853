package dev.tau4j.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a JUnit 5 test class against a real PostgreSQL, given to its constructor, test and lifecycle
 * methods as a {@link TestPostgres} parameter: a database from the standard provider chain
 * ({@link PostgresProvisioner#standard}), and a fresh schema for the class. See {@link PostgresExtension}.
 *
 * <pre>{@code
 * @PostgresTest
 * class MyRepositoryTest {
 *     @Test
 *     void stores(TestPostgres postgres) throws SQLException {
 *         try (Connection connection = postgres.dataSource().getConnection()) { ... }
 *     }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(PostgresExtension.class)
public @interface PostgresTest {
}
