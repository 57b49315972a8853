package dev.tau4j.session.postgres.internal;

import dev.tau4j.postgres.SqlStates;
import dev.tau4j.session.SessionStoreException;
import dev.tau4j.session.StoreFailureException;
import dev.tau4j.session.StoreUnavailableException;

/**
 * Turns a database failure into the SPI's exception tree, by SQLState: connection failures, timeouts,
 * serialization failures, deadlocks, lock and unique-key conflicts are transient
 * ({@link StoreUnavailableException}); everything else, a refused login included, is permanent
 * ({@link StoreFailureException}).
 * The messages name the operation (with the session path) and the SQLState, never a message's content;
 * the cause is attached.
 */
public final class DatabaseErrors {

    /** SQLState of a numeric value out of range (bigint or numeric overflow). */
    public static final String NUMERIC_VALUE_OUT_OF_RANGE = "22003";

    private DatabaseErrors() {
    }

    /** The SPI exception for {@code failure}, which happened while doing {@code operation}. */
    public static SessionStoreException translate(String operation, Throwable failure) {
        if (failure instanceof SessionStoreException) {
            return (SessionStoreException) failure;
        }
        String state = SqlStates.sqlState(failure);
        String message = operation + " failed" + (state == null ? "" : " (SQLState " + state + ")");
        if (isTransient(failure)) {
            return new StoreUnavailableException(message + "; retrying may succeed", failure);
        }
        return new StoreFailureException(message, failure);
    }

    /**
     * Whether retrying may help: {@link SqlStates#isTransient} (which already treats a refused login or
     * an unknown database as permanent, even when a pool reports it as a timeout) or a unique-key
     * conflict.
     */
    public static boolean isTransient(Throwable failure) {
        return SqlStates.isTransient(failure) || SqlStates.isUniqueViolation(failure);
    }

    /** Whether {@code failure} is a numeric overflow (22003). */
    public static boolean isNumericOverflow(Throwable failure) {
        return NUMERIC_VALUE_OUT_OF_RANGE.equals(SqlStates.sqlState(failure));
    }

    /** Whether {@code failure} is a foreign key or CHECK violation: how an unknown parent shows up. */
    public static boolean isReferenceViolation(Throwable failure) {
        return SqlStates.isForeignKeyViolation(failure) || SqlStates.isCheckViolation(failure);
    }
}
