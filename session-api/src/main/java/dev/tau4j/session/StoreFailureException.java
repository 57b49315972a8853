package dev.tau4j.session;

/** Permanent failure of the storage; retrying the same call will not help. The cause is attached. */
public final class StoreFailureException extends SessionStoreException {
    private static final long serialVersionUID = 1L;

    public StoreFailureException(String message, Throwable cause) {
        super(message, cause);
    }
}
