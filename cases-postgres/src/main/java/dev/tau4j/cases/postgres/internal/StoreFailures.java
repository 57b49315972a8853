package dev.tau4j.cases.postgres.internal;

import dev.tau4j.cases.CaseOutcomeUnknownException;
import dev.tau4j.cases.CaseStoreException;
import dev.tau4j.cases.CaseStoreUnavailableException;
import dev.tau4j.postgres.internal.FailureKind;
import dev.tau4j.postgres.internal.SqlStates;

/**
 * Turns a database failure into the cases store exception that tells the caller what it may do, by
 * {@link SqlStates#classify(Throwable, boolean)} and where the failure happened ({@link Phase}): only a
 * connection lost (or the session terminated by the server, 57P01/57P02) during {@link Phase#COMMIT} is
 * outcome unknown ({@link CaseOutcomeUnknownException});
 * a connection lost in any other phase is not applied, because COMMIT was never sent and the server
 * rolls back a transaction whose connection is gone; refusals the server rolled back are not applied
 * ({@link CaseStoreUnavailableException}); the rest is permanent ({@link CaseStoreException}).
 */
public final class StoreFailures {

    /** Where a failure happened. */
    public enum Phase {
        /** Borrowing a connection or preparing the schema: nothing was sent. */
        CONNECT,
        /** A read: nothing to apply. */
        READ,
        /** A statement of a write transaction, before its COMMIT was sent. */
        WRITE,
        /** The COMMIT of a write transaction, sent and unanswered. */
        COMMIT
    }

    private StoreFailures() {
    }

    /** The exception for a failure of {@code what} (e.g. "create a case") in {@code phase}. */
    public static CaseStoreException translate(String what, Phase phase, Throwable e) {
        String state = SqlStates.sqlState(e);
        String message = "could not " + what + (state == null ? "" : " (SQLState " + state + ")");
        switch (SqlStates.classify(e, phase == Phase.COMMIT)) {
            case OUTCOME_UNKNOWN:
                return new CaseOutcomeUnknownException(message + ": the connection was lost while the commit was in"
                        + " flight; the write may or may not have happened, retry with the same idempotency key", state, e);
            case NOT_APPLIED:
                return new CaseStoreUnavailableException(message + ": the database is unavailable and nothing was"
                        + " applied, retry later", state, e);
            default:
                return new CaseStoreException(message + ": " + reason(e), state, e);
        }
    }

    /** Whether retrying may succeed: the failure is not {@link FailureKind#PERMANENT}. */
    public static boolean isTransient(Throwable e) {
        return SqlStates.classify(e, false) != FailureKind.PERMANENT;
    }

    /**
     * The driver's own reason, for a message: the first line of {@link SqlStates#reason} (PostgreSQL's
     * detail lines, which may quote row values, are left out), at most 300 characters.
     */
    public static String reason(Throwable e) {
        String reason = SqlStates.reason(e);
        int newline = reason.indexOf('\n');
        String line = (newline < 0 ? reason : reason.substring(0, newline)).strip();
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
