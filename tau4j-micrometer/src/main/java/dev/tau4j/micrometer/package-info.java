/**
 * Micrometer timers for tau4j: {@link dev.tau4j.micrometer.MeteredSessionStore} and
 * {@link dev.tau4j.micrometer.MeteredCaseRepository} wrap any backend and record one timer per call,
 * tagged {@code backend}, {@code operation} and {@code outcome} (from the typed exception, never from
 * the data). The PostgreSQL pools report HikariCP's own metrics when a registry is given to the
 * store's builder ({@code meterRegistry(...)}).
 */
package dev.tau4j.micrometer;
