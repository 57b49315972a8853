package dev.tau4j.cases;

/**
 * The storage is unreachable or busy right now (connection lost or refused, pool exhausted, server
 * shutting down, statement timeout, deadlock): the operation did not take effect and may succeed if
 * retried later.
 */
public final class CaseStoreUnavailableException extends CaseStoreException {

    public CaseStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
