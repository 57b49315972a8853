package dev.tau4j.cases;

/**
 * The idempotency key was already used for a different request (another operation, another case, or
 * other values). Nothing was written; the first request's result stands. Use a fresh key for a new
 * request.
 */
public final class IdempotencyKeyReusedException extends CaseException {

    private final IdempotencyKey key;

    public IdempotencyKeyReusedException(IdempotencyKey key) {
        super("idempotency key " + key + " was already used for a different request; nothing was written");
        this.key = key;
    }

    /** The key that was reused. */
    public IdempotencyKey key() {
        return key;
    }
}
