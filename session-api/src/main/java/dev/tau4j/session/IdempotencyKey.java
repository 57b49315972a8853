package dev.tau4j.session;

/**
 * A caller-chosen key that makes a write safe to retry: the first write with a key in a session
 * happens, and any later write with the same key in that session writes nothing and returns what the
 * first one returned, also after a restart and also when the first one's reply was lost. A key used
 * again for a different write is refused with {@link IdempotencyKeyReusedException}. Keys belong to
 * their session: the same key in two sessions is two keys, and keys go with
 * {@link SessionStore#deleteSession(SessionPath)}.
 *
 * <p>A key is 1 to {@value #MAX_LENGTH} characters with no control character and no unpaired
 * surrogate; a random UUID per logical write is the usual choice.
 *
 * @param value the key
 */
public record IdempotencyKey(String value) {

    /** Longest key, in characters. */
    public static final int MAX_LENGTH = 200;

    /** @throws InvalidInputException when the key is empty, too long, or holds a control character */
    public IdempotencyKey {
        if (value == null || value.isEmpty()) {
            throw new InvalidInputException("idempotency key must not be empty");
        }
        if (value.length() > MAX_LENGTH) {
            throw new InvalidInputException("idempotency key has " + value.length() + " characters, above the limit of "
                    + MAX_LENGTH);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                throw new InvalidInputException("idempotency key has a control character at index " + i);
            }
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < value.length()
                        && Character.isLowSurrogate(value.charAt(i + 1));
                if (!paired) {
                    throw new InvalidInputException("idempotency key has an unpaired surrogate at index " + i);
                }
                i++;
            }
        }
    }

    /** The key {@code value}, validated. */
    public static IdempotencyKey of(String value) {
        return new IdempotencyKey(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
