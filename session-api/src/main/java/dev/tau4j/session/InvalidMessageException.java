package dev.tau4j.session;

/** A message is malformed (bad JSON, missing field) or holds content the store refuses to keep. */
public final class InvalidMessageException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    public InvalidMessageException(String message) {
        super(message);
    }

    public InvalidMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
