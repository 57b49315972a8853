package dev.tau4j.cases;

/**
 * Transient, and nothing was applied: the request never reached the database (no connection from
 * the pool in time, connection refused, the connection was already broken), or the database refused
 * it and rolled it back (serialization failure, deadlock, lock or statement timeout, server shutting
 * down or starting up, too many connections), or the connection was lost before the write's COMMIT
 * was sent (the server rolls back a transaction whose connection is gone). Retrying, with or without
 * an idempotency key, is safe and may succeed later. Every failed read is this kind when transient.
 * Compare {@link CaseOutcomeUnknownException}, where the write may have happened.
 */
public final class CaseStoreUnavailableException extends CaseStoreException {

    public CaseStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public CaseStoreUnavailableException(String message, String sqlState, Throwable cause) {
        super(message, sqlState, cause);
    }
}
