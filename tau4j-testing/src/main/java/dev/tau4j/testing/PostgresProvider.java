package dev.tau4j.testing;

import java.time.Duration;
import java.util.Optional;

/**
 * One place a live run can get a PostgreSQL from (a URL in the environment, a container, embedded
 * binaries). {@link PostgresProvisioner} tries providers in a fixed order.
 */
public interface PostgresProvider {

    /** Short stable name used in logs and evidence, e.g. {@code embedded}. */
    String name();

    /** Why this provider cannot be used on this machine, or empty when it can be tried. */
    Optional<String> unavailableReason();

    /**
     * Whether the user chose this provider explicitly. When an explicit provider fails, the chain
     * stops there and fails: it never falls back to another database.
     */
    default boolean explicit() {
        return false;
    }

    /** How long the database gets to answer a real query after {@link #start()}. */
    Duration readinessBudget();

    /**
     * Starts (or connects to) the database. The result's stop action must release everything that
     * was started, also when called from a shutdown hook.
     *
     * @throws Exception when the database cannot be started; the message must not contain secrets
     */
    StartedPostgres start() throws Exception;
}
