package dev.tau4j.cases;

/** Root of the exceptions the cases API throws on purpose. */
public abstract class CaseException extends RuntimeException {

    protected CaseException(String message) {
        super(message);
    }

    protected CaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
