package dev.tau4j.session.springai;

import dev.tau4j.session.InvalidInputException;

/**
 * A Spring AI message holds something a tau4j session cannot keep (a PDF or video media, media given by
 * URL, a tool call whose type is not {@code function}, an empty tool response message, ...): the message names
 * the part. Thrown before anything is written; drop or convert the part and save again.
 */
public final class UnsupportedMessageException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    public UnsupportedMessageException(String message) {
        super(message);
    }
}
