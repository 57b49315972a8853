package dev.tau4j.session.postgres.internal;

import dev.tau4j.postgres.internal.SqlStates;
import dev.tau4j.session.SessionStoreException;
import dev.tau4j.session.StoreFailureException;
import dev.tau4j.session.StoreOutcomeUnknownException;
import dev.tau4j.session.StoreUnavailableException;
import org.postgresql.util.PSQLException;

/**
 * Turns a database failure into the SPI's exception tree with {@link SqlStates#classify}:
 * {@link StoreUnavailableException} when nothing was written (retry freely),
 * {@link StoreOutcomeUnknownException} when the connection was lost with a write in flight (retry with
 * the same idempotency key), {@link StoreFailureException} when retrying cannot help. The messages name
 * the operation (with the session path), the SQLState and the driver's reason, never a message's
 * content; the cause is attached.
 */
public final class DatabaseErrors {

    /** SQLState of a numeric value out of range (bigint or numeric overflow). */
    public static final String NUMERIC_VALUE_OUT_OF_RANGE = "22003";

    private DatabaseErrors() {
    }

    /** The SPI exception for {@code failure} of {@code operation}. */
    public static SessionStoreException translate(String operation, Database.Failure failure) {
        return translate(operation, failure.getCause(), failure.writeInFlight());
    }

    /** The SPI exception for {@code failure}, which happened while doing {@code operation}. */
    public static SessionStoreException translate(String operation, Throwable failure, boolean writeInFlight) {
        if (failure instanceof SessionStoreException) {
            return (SessionStoreException) failure;
        }
        String state = SqlStates.sqlState(failure);
        String message = operation + " failed" + (state == null ? "" : " (SQLState " + state + ")") + ": "
                + firstLine(SqlStates.reason(failure));
        switch (SqlStates.classify(failure, writeInFlight)) {
            case NOT_APPLIED:
                return new StoreUnavailableException(message + "; nothing was written, retrying may succeed", state,
                        failure);
            case OUTCOME_UNKNOWN:
                return new StoreOutcomeUnknownException(message + "; the write may or may not have happened: retry "
                        + "with the same idempotency key", state, failure);
            default:
                return new StoreFailureException(message, state, failure);
        }
    }

    /** Whether {@code failure} is a numeric overflow (22003). */
    public static boolean isNumericOverflow(Throwable failure) {
        return NUMERIC_VALUE_OUT_OF_RANGE.equals(SqlStates.sqlState(failure));
    }

    /** Whether {@code failure} is a foreign key or CHECK violation: how an unknown parent shows up. */
    public static boolean isReferenceViolation(Throwable failure) {
        return SqlStates.isForeignKeyViolation(failure) || SqlStates.isCheckViolation(failure);
    }

    /**
     * Whether the statement was refused for what it would have written (integrity violation, class 23,
     * or a numeric overflow): for a keyed write, the sign to look for the key's first write.
     */
    public static boolean isRefusedWrite(Throwable failure) {
        String state = SqlStates.sqlState(failure);
        return state != null && (state.startsWith("23") || state.equals(NUMERIC_VALUE_OUT_OF_RANGE));
    }

    /** Whether {@code failure} is a violation of the constraint named {@code constraint}. */
    public static boolean violates(Throwable failure, String constraint) {
        for (Throwable c = failure; c != null; c = c.getCause()) {
            if (c instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
                return constraint.equals(psql.getServerErrorMessage().getConstraint());
            }
        }
        return false;
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
