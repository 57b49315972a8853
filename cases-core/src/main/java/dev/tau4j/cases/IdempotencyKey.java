package dev.tau4j.cases;

/**
 * A caller-chosen key that makes a {@code create} or {@code decide} safe to retry (a UUID is a good
 * choice). The first write with a key happens; a repeat with the same key and the same request writes
 * nothing and returns what the first one returned; the same key with a different request is refused
 * with {@link IdempotencyKeyReusedException}. Keys are scoped to the repository (one namespace for
 * creates and decides) and kept as long as the cases they produced.
 *
 * <p>A key is 1 to {@value #MAX_LENGTH} visible ASCII characters ({@code !} to {@code ~}): no
 * space, no control character, nothing that an HTTP header could not carry unchanged. It is taken
 * as is (never trimmed or case-folded).
 *
 * <p>Constructing a key that breaks a rule throws {@link InvalidCaseInputException} (field
 * {@code idempotency_key}).
 *
 * @param value the key
 */
public record IdempotencyKey(String value) {

    public static final int MAX_LENGTH = 255;

    /** The wire name used in {@link InvalidCaseInputException#field()}. */
    public static final String FIELD = "idempotency_key";

    /**
     * @throws InvalidCaseInputException (field {@code idempotency_key}) when the key breaks a rule
     */
    public IdempotencyKey {
        if (value == null || value.isEmpty()) {
            throw new InvalidCaseInputException(FIELD, FIELD + " must not be empty");
        }
        if (value.length() > MAX_LENGTH) {
            throw new InvalidCaseInputException(FIELD,
                    FIELD + " must be at most " + MAX_LENGTH + " characters (got " + value.length() + ")");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '!' || c > '~') {
                throw new InvalidCaseInputException(FIELD,
                        FIELD + " must be visible ASCII characters only (no space or control character)");
            }
        }
    }

    /** Same as {@code new IdempotencyKey(value)}. */
    public static IdempotencyKey of(String value) {
        return new IdempotencyKey(value);
    }

    /** The key itself; keys are not secrets. */
    @Override
    public String toString() {
        return value;
    }
}
