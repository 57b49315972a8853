package dev.tau4j.session.langchain4j;

import dev.tau4j.session.InvalidInputException;

/**
 * A LangChain4j message holds something a tau4j session cannot keep exactly (a {@code CustomMessage}, a
 * PDF or video content, a user name, attributes, thinking text, ...): the message names the part. It is
 * thrown before anything is written, so the store never keeps a message that would read back different.
 */
public final class UnsupportedChatMessageException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    public UnsupportedChatMessageException(String message) {
        super(message);
    }
}
