package dev.tau4j.postgres;

import java.time.Duration;
import java.util.Objects;

/**
 * Every wait of a PostgreSQL store, bounded. With these values no call of a store blocks longer than
 * {@link #callBound()}, whatever the network does: a silent network ends in a socket timeout, a down
 * server in the pool wait, a lock held by a cut-off client in the server's idle-in-transaction
 * timeout, a waiting statement in the lock or statement timeout.
 *
 * @param connect           how long opening one connection may take (TCP connect and login); pgjdbc's
 *                          {@code connectTimeout} and {@code loginTimeout}, whole seconds (rounded up)
 * @param poolWait          how long a call waits for a pooled connection (HikariCP's
 *                          {@code connectionTimeout}); while the server is down a call fails after this
 * @param socket            how long the driver waits for any reply from the server (pgjdbc's
 *                          {@code socketTimeout}, whole seconds, rounded up); must exceed
 *                          {@code statement} so that the server's own, clean timeout fires first
 * @param statement         the server's {@code statement_timeout}: a statement running longer is
 *                          cancelled and rolled back
 * @param lock              the server's {@code lock_timeout}: how long a statement waits for a row lock
 * @param idleInTransaction the server's {@code idle_in_transaction_session_timeout}: a client that went
 *                          silent inside a transaction is disconnected and its locks released
 */
public record PostgresTimeouts(Duration connect, Duration poolWait, Duration socket, Duration statement,
                               Duration lock, Duration idleInTransaction) {

    /**
     * Defaults: connect 5 s, pool wait 5 s, socket 12 s, statement 10 s, lock 5 s, idle in transaction
     * 10 s. A 1,000-message append or a 4 MiB message takes milliseconds to tens of milliseconds, far
     * below the statement timeout; {@link #callBound()} is 29 s.
     */
    public static final PostgresTimeouts DEFAULTS = new PostgresTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5),
            Duration.ofSeconds(12), Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(10));

    /**
     * For callers that prefer a quick error to a wait: connect 1 s, pool wait 1 s, socket 2 s, statement
     * 1.5 s, lock 1 s, idle in transaction 5 s.
     */
    public static final PostgresTimeouts FAIL_FAST = new PostgresTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1),
            Duration.ofSeconds(2), Duration.ofMillis(1500), Duration.ofSeconds(1), Duration.ofSeconds(5));

    /** Migrations may rebuild an index on a large table: their socket timeout is this, not {@link #socket}. */
    public static final Duration MIGRATION_SOCKET = Duration.ofMinutes(5);

    /**
     * @throws IllegalArgumentException when a value is missing, not positive, above one hour, or when
     *                                  {@code socket} does not exceed {@code statement}
     */
    public PostgresTimeouts {
        requireBounded(connect, "connect");
        requireBounded(poolWait, "poolWait");
        requireBounded(socket, "socket");
        requireBounded(statement, "statement");
        requireBounded(lock, "lock");
        requireBounded(idleInTransaction, "idleInTransaction");
        if (poolWait.toMillis() < 250) {
            throw new IllegalArgumentException("poolWait must be at least 250 ms, got " + poolWait.toMillis() + " ms");
        }
        if (seconds(socket) * 1000L <= statement.toMillis()) {
            throw new IllegalArgumentException("socket timeout (" + seconds(socket) + " s) must exceed the statement "
                    + "timeout (" + statement.toMillis() + " ms), so that the server cancels a slow statement first");
        }
    }

    /** A copy with another connect timeout. */
    public PostgresTimeouts withConnect(Duration value) {
        return new PostgresTimeouts(value, poolWait, socket, statement, lock, idleInTransaction);
    }

    /** A copy with another pool wait. */
    public PostgresTimeouts withPoolWait(Duration value) {
        return new PostgresTimeouts(connect, value, socket, statement, lock, idleInTransaction);
    }

    /** A copy with another socket timeout. */
    public PostgresTimeouts withSocket(Duration value) {
        return new PostgresTimeouts(connect, poolWait, value, statement, lock, idleInTransaction);
    }

    /** A copy with another statement timeout. */
    public PostgresTimeouts withStatement(Duration value) {
        return new PostgresTimeouts(connect, poolWait, socket, value, lock, idleInTransaction);
    }

    /** A copy with another lock timeout. */
    public PostgresTimeouts withLock(Duration value) {
        return new PostgresTimeouts(connect, poolWait, socket, statement, value, idleInTransaction);
    }

    /** A copy with another idle-in-transaction timeout. */
    public PostgresTimeouts withIdleInTransaction(Duration value) {
        return new PostgresTimeouts(connect, poolWait, socket, statement, lock, value);
    }

    /**
     * The longest a store call can block: the pool wait plus two round trips (a call makes at most two
     * before it answers, e.g. an optimistic append's statement and its commit).
     */
    public Duration callBound() {
        return poolWait.plusSeconds(2L * seconds(socket));
    }

    /** pgjdbc's {@code connectTimeout} / {@code loginTimeout} in whole seconds (at least 1). */
    public int connectSeconds() {
        return seconds(connect);
    }

    /** pgjdbc's {@code socketTimeout} in whole seconds (at least 1). */
    public int socketSeconds() {
        return seconds(socket);
    }

    /**
     * The statement that sets the server-side timeouts on a new connection, for a pool's
     * connection-init SQL: {@code SET statement_timeout = ...; SET lock_timeout = ...; SET
     * idle_in_transaction_session_timeout = ...}.
     */
    public String sessionSettingsSql() {
        return "SET statement_timeout = " + statement.toMillis()
                + "; SET lock_timeout = " + lock.toMillis()
                + "; SET idle_in_transaction_session_timeout = " + idleInTransaction.toMillis();
    }

    private static int seconds(Duration d) {
        long millis = d.toMillis();
        return (int) Math.max(1, (millis + 999) / 1000);
    }

    private static void requireBounded(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero() || d.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException(name + " timeout must be positive and at most one hour, got " + d);
        }
    }
}
