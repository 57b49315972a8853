package dev.tau4j.session;

/** A message's encoded size is above the store's {@link SessionLimits#maxMessageBytes()}. */
public final class MessageTooLargeException extends InvalidInputException {
    private static final long serialVersionUID = 1L;
    private final long sizeBytes;
    private final long limitBytes;

    public MessageTooLargeException(long sizeBytes, long limitBytes) {
        super("message is " + sizeBytes + " bytes encoded, above the limit of " + limitBytes + " bytes");
        this.sizeBytes = sizeBytes;
        this.limitBytes = limitBytes;
    }

    public long sizeBytes() {
        return sizeBytes;
    }

    public long limitBytes() {
        return limitBytes;
    }
}
