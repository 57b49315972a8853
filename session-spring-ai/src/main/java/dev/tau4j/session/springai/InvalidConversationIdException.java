package dev.tau4j.session.springai;

import dev.tau4j.session.InvalidInputException;

/**
 * A Spring AI conversation id cannot name a session (null, empty, or not one valid path segment: a
 * {@code /}, {@code .} or {@code ..}, a control character, too long). Nothing was written; use another id.
 */
public final class InvalidConversationIdException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    public InvalidConversationIdException(String message, Throwable cause) {
        super(message, cause);
    }
}
