package dev.tau4j.session;

/**
 * Permanent failure of the storage; retrying the same call will not help (wrong password, unknown
 * database, SSL refused, a schema that does not match). The message carries the driver's reason and
 * the cause is attached.
 */
public final class StoreFailureException extends SessionStoreException {
    private static final long serialVersionUID = 1L;

    public StoreFailureException(String message, Throwable cause) {
        super(message, null, cause);
    }

    /** @param sqlState the SQLState of the failure, or {@code null} when there is none */
    public StoreFailureException(String message, String sqlState, Throwable cause) {
        super(message, sqlState, cause);
    }
}
