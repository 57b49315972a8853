package dev.tau4j.cases;

/**
 * Transient, and the write may or may not have happened: the connection to the database was lost
 * while the write's COMMIT was in flight, so the commit may have landed with only its reply lost.
 * Retrying with the same {@link IdempotencyKey} is safe: it returns the first write's result if it
 * committed and writes it once if it did not. Retrying without a key may write twice (a second case)
 * or answer {@link CaseAlreadyDecidedException} for the caller's own decision; read back first
 * instead. Compare {@link CaseStoreUnavailableException}, where nothing was applied.
 */
public final class CaseOutcomeUnknownException extends CaseStoreException {

    public CaseOutcomeUnknownException(String message, String sqlState, Throwable cause) {
        super(message, sqlState, cause);
    }
}
