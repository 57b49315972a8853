package dev.tau4j.session;

/** A usage delta is negative, not a number, too precise, or would overflow a session's totals. */
public final class InvalidUsageException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    public InvalidUsageException(String message) {
        super(message);
    }
}
