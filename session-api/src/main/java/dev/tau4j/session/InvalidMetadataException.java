package dev.tau4j.session;

/**
 * Session metadata breaks a rule of {@link MetadataUpdate}: a bad name, a value too large or holding NUL,
 * or more than {@value MetadataUpdate#MAX_NAMES} names in a session. Nothing was written.
 */
public final class InvalidMetadataException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    public InvalidMetadataException(String message) {
        super(message);
    }
}
