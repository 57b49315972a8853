package dev.tau4j.session.tau;

import dev.tau4j.session.InvalidInputException;

/**
 * A Tau session file (or its usage sidecar) cannot be imported: a line is not a valid record, the schema
 * version is unsupported, or the entries do not form a forest (duplicate id, parent missing from the file,
 * cycle). Thrown before anything is written; {@link #lineNumber()} names the line (1-based, 0 when the
 * problem is the file as a whole).
 */
public final class TauFormatException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    /** What is wrong with the source. */
    public enum Reason {
        /** Not JSON, not an object, or a field of the wrong type. */
        MALFORMED_LINE,
        /** A {@code record_type} Tau does not know. */
        UNKNOWN_RECORD_TYPE,
        /** A {@code schema_version} above 1. */
        UNSUPPORTED_SCHEMA_VERSION,
        /** The line's message is not a valid Tau message. */
        INVALID_MESSAGE,
        /** The message is larger than the target store accepts. */
        MESSAGE_TOO_LARGE,
        /** Two entries share an id. */
        DUPLICATE_ID,
        /** An entry's parent is not in the file. */
        MISSING_PARENT,
        /** An entry is its own ancestor. */
        CYCLE,
        /** The usage sidecar is not valid. */
        INVALID_USAGE,
        /** The file changed between validation and writing. */
        SOURCE_CHANGED
    }

    private final long lineNumber;
    private final Reason reason;

    public TauFormatException(Reason reason, long lineNumber, String detail) {
        this(reason, lineNumber, detail, null);
    }

    public TauFormatException(Reason reason, long lineNumber, String detail, Throwable cause) {
        super((lineNumber > 0 ? "line " + lineNumber + ": " : "") + detail, cause);
        this.reason = reason;
        this.lineNumber = lineNumber;
    }

    /** The 1-based line at fault, or 0 when the problem is not one line's. */
    public long lineNumber() {
        return lineNumber;
    }

    public Reason reason() {
        return reason;
    }
}
