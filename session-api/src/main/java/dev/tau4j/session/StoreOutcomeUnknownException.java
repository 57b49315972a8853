package dev.tau4j.session;

/**
 * Transient failure with an unknown outcome: the connection to the storage was lost while the write or
 * its commit was in flight, so the write <em>may or may not</em> have happened. Retrying is safe only
 * with the same {@link IdempotencyKey}: a keyed retry returns the first write's result if it landed and
 * writes it otherwise. Retrying a write without a key may store it twice.
 */
public final class StoreOutcomeUnknownException extends SessionStoreException {
    private static final long serialVersionUID = 1L;

    /** @param sqlState the SQLState of the failure, or {@code null} when there is none */
    public StoreOutcomeUnknownException(String message, String sqlState, Throwable cause) {
        super(message, sqlState, cause);
    }

    @Override
    public boolean isTransient() {
        return true;
    }
}
