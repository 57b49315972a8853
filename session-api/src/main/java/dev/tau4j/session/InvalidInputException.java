package dev.tau4j.session;

/**
 * The caller's input breaks a rule of the store; the message names the rule. Nothing was written.
 * Subtypes narrow the rule: {@link InvalidSessionPathException}, {@link MessageTooLargeException},
 * {@link InvalidUsageException}, {@link InvalidMessageException}, {@link InvalidMetadataException}.
 */
public class InvalidInputException extends SessionStoreException {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
