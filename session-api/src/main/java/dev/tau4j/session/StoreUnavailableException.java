package dev.tau4j.session;

/**
 * Transient failure, and nothing was written: the request never reached the storage, or the storage
 * refused it and rolled it back (no pooled connection in time, connection refused, serialization
 * failure, deadlock, lock or statement timeout, server shutting down). Retrying may succeed and is
 * safe. Reads that fail for a transient reason always throw this: a read is always safe to retry.
 * When the outcome of a write is not known, {@link StoreOutcomeUnknownException} is thrown instead.
 */
public final class StoreUnavailableException extends SessionStoreException {
    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, null, cause);
    }

    /** @param sqlState the SQLState of the failure, or {@code null} when there is none */
    public StoreUnavailableException(String message, String sqlState, Throwable cause) {
        super(message, sqlState, cause);
    }

    @Override
    public boolean isTransient() {
        return true;
    }
}
