package dev.tau4j.session;

/**
 * Transient failure: the storage could not be reached or did not answer in time (connection lost,
 * timeout, lock not available). The operation had no effect, or was rolled back; retrying may succeed.
 */
public final class StoreUnavailableException extends SessionStoreException {
    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean isTransient() {
        return true;
    }
}
