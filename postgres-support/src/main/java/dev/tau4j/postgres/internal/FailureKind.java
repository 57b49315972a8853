package dev.tau4j.postgres.internal;

/**
 * What a caller may do after a database call failed; see {@link SqlStates#classify(Throwable, boolean)}.
 */
public enum FailureKind {
    /**
     * The write did not happen: the request never reached the server, or the server refused it and
     * rolled it back (pool timeout, connection refused, serialization failure, deadlock, lock or
     * statement timeout, server shutting down). Retrying is safe.
     */
    NOT_APPLIED,
    /**
     * The connection was lost while a write or its commit was in flight: it may or may not have
     * happened. Retrying is safe only with the same idempotency key.
     */
    OUTCOME_UNKNOWN,
    /** Retrying will not help (wrong password, unknown database, SSL refused, a bug in the SQL, ...). */
    PERMANENT
}
