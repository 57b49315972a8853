package dev.tau4j.cases.http.internal;

/** An HTTP error answered as {@code {"error": code, "message": message}}, raised by the handlers. */
public final class ApiError extends RuntimeException {

    private final int status;
    private final String code;
    private final String field;

    public ApiError(int status, String code, String message) {
        this(status, code, message, null);
    }

    public ApiError(int status, String code, String message, String field) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** The offending input field, or {@code null}. */
    public String field() {
        return field;
    }
}
