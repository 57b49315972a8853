/**
 * A real PostgreSQL for JUnit 5 tests: {@link dev.tau4j.testing.PostgresTest} hands a test class a
 * database (URL, {@code DataSource}, a fresh schema) from the provider chain of
 * {@link dev.tau4j.testing.PostgresProvisioner}: a URL from the environment, else Testcontainers, else
 * embedded binaries. No database means a failed test, never a skipped one.
 */
package dev.tau4j.testing;
