package dev.tau4j.cases;

import java.util.Optional;

/**
 * The storage behind a {@link CaseRepository} failed. As such (not one of its subtypes) it is
 * permanent: retrying will not fix it (wrong password, unknown database, SSL refused, a missing
 * table, a constraint the model should have caught); the message carries the driver's reason. Its
 * two transient subtypes say what the caller may do: {@link CaseStoreUnavailableException} (nothing
 * was applied, retry freely) and {@link CaseOutcomeUnknownException} (the write may have happened,
 * retry with the same idempotency key).
 */
public class CaseStoreException extends CaseException {

    private final String sqlState;

    public CaseStoreException(String message, Throwable cause) {
        this(message, null, cause);
    }

    public CaseStoreException(String message, String sqlState, Throwable cause) {
        super(message, cause);
        this.sqlState = sqlState;
    }

    /** The SQLState the database or driver reported, when there was one (e.g. {@code 08006}, {@code 28P01}). */
    public Optional<String> sqlState() {
        return Optional.ofNullable(sqlState);
    }
}
