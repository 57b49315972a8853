package dev.tau4j.session;

/**
 * An {@link IdempotencyKey} was used again in the same session for a different write (other messages,
 * parent, expected head or usage). Nothing was written. The key's first write stands; choose a new key
 * for a new write.
 */
public final class IdempotencyKeyReusedException extends SessionStoreException {
    private static final long serialVersionUID = 1L;
    private final SessionPath path;
    private final IdempotencyKey key;

    public IdempotencyKeyReusedException(SessionPath path, IdempotencyKey key) {
        super("idempotency key '" + key + "' of session '" + path + "' was already used for a different write");
        this.path = path;
        this.key = key;
    }

    public SessionPath path() {
        return path;
    }

    public IdempotencyKey key() {
        return key;
    }
}
