package dev.tau4j.session;

/** A session path is not in canonical form; {@link #getMessage()} says which rule failed. */
public final class InvalidSessionPathException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    public InvalidSessionPathException(String message) {
        super(message);
    }
}
