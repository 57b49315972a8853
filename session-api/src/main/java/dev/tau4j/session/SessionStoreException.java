package dev.tau4j.session;

/**
 * Root of every exception a {@link SessionStore} throws. Unchecked, like the rest of the SPI.
 *
 * <p>Subtypes say what went wrong: {@link InvalidInputException} (the caller's input breaks a rule;
 * nothing was written), {@link EntryNotFoundException}, {@link StaleHeadException} (an optimistic
 * append lost a race), {@link StoreUnavailableException} (transient: retrying may succeed) and
 * {@link StoreFailureException} (permanent).
 */
public abstract class SessionStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected SessionStoreException(String message) {
        super(message);
    }

    protected SessionStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /** True when the same call may succeed if retried later (connection lost, timeout, lock). */
    public boolean isTransient() {
        return false;
    }
}
