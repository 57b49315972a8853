package dev.tau4j.session.langchain4j;

import dev.tau4j.session.InvalidInputException;

/** A LangChain4j memory id cannot name a session (null, empty, or not a valid path segment). Nothing was written. */
public final class InvalidMemoryIdException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    public InvalidMemoryIdException(String message, Throwable cause) {
        super(message, cause);
    }
}
