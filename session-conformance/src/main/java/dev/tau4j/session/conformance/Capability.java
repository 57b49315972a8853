package dev.tau4j.session.conformance;

/**
 * Optional abilities of a backend. A backend declares the ones it lacks through
 * {@link SessionStoreConformanceKit#unsupportedCapabilities()}; the cases that need them are then
 * reported as skipped with the reason, and required cases check that the backend refuses the
 * corresponding input cleanly instead.
 */
public enum Capability {

    /**
     * Message strings may hold {@code U+0000} (NUL) and read back exactly. Without it, the store refuses
     * such a message with {@link dev.tau4j.session.InvalidMessageException} before writing anything.
     */
    NUL_IN_TEXT,

    /**
     * Message strings may hold unpaired UTF-16 surrogates and read back exactly. Without it, the store
     * refuses such a message with {@link dev.tau4j.session.InvalidMessageException} before writing
     * anything.
     */
    LONE_SURROGATES,

    /**
     * Writes may carry an {@link dev.tau4j.session.IdempotencyKey}: a keyed append or usage record is
     * written at most once per session, and its repeats return what the first one returned. Without it,
     * the store refuses a keyed write with {@link UnsupportedOperationException} and writes nothing.
     */
    IDEMPOTENCY_KEYS
}
