package dev.tau4j.session;

import java.util.Optional;

/**
 * Root of every exception a {@link SessionStore} throws. Unchecked, like the rest of the SPI. Each
 * subtype says what the caller may do next:
 * <ul>
 *   <li>{@link InvalidInputException}: the input breaks a rule; nothing was written. Fix the input.</li>
 *   <li>{@link EntryNotFoundException}, {@link StaleHeadException} (an optimistic append lost a race),
 *       {@link IdempotencyKeyReusedException}: a conflict with what is stored; nothing was written.
 *       Re-read, then decide.</li>
 *   <li>{@link StoreUnavailableException}: transient, nothing was written. Retry freely.</li>
 *   <li>{@link StoreOutcomeUnknownException}: transient, the write may or may not have happened. Retry
 *       with the same {@link IdempotencyKey}.</li>
 *   <li>{@link StoreFailureException}: permanent. Stop.</li>
 * </ul>
 */
public abstract class SessionStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String sqlState;

    protected SessionStoreException(String message) {
        super(message);
        this.sqlState = null;
    }

    protected SessionStoreException(String message, Throwable cause) {
        super(message, cause);
        this.sqlState = null;
    }

    protected SessionStoreException(String message, String sqlState, Throwable cause) {
        super(message, cause);
        this.sqlState = sqlState;
    }

    /** True when the same call may succeed if retried later (connection lost, timeout, lock). */
    public boolean isTransient() {
        return false;
    }

    /** The SQLState of the database failure behind this exception, when there is one. */
    public Optional<String> sqlState() {
        return Optional.ofNullable(sqlState);
    }
}
