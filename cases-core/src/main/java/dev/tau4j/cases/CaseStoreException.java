package dev.tau4j.cases;

/**
 * The storage behind a {@link CaseRepository} failed for a reason retrying will not fix (e.g. a
 * missing table, a refused constraint the model should have caught). See
 * {@link CaseStoreUnavailableException} for the transient kind.
 */
public class CaseStoreException extends CaseException {

    public CaseStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
