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
    LONE_SURROGATES
}
