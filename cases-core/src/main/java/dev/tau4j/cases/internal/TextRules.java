package dev.tau4j.cases.internal;

import dev.tau4j.cases.InvalidCaseInputException;

/**
 * The text rules of the cases model, in one place: trimmed, bounded in characters (code points, as
 * PostgreSQL's {@code char_length} counts them), valid Unicode (no unpaired surrogate), and no
 * control characters except, in multi-line fields, tab, line feed and carriage return. NUL is
 * always refused: PostgreSQL text cannot hold it.
 */
public final class TextRules {

    private TextRules() {
    }

    /** A required single-line text: trimmed, non-blank, at most {@code max} characters. */
    public static String required(String value, String field, int max) {
        return check(value, field, max, false, true);
    }

    /** A required text that may span lines. */
    public static String requiredMultiline(String value, String field, int max) {
        return check(value, field, max, true, true);
    }

    /** An optional single-line text: {@code null}, empty or blank all mean absent ({@code null}). */
    public static String optional(String value, String field, int max) {
        return check(value, field, max, false, false);
    }

    private static String check(String value, String field, int max, boolean multiline, boolean required) {
        String v = value == null ? null : value.strip();
        if (v == null || v.isEmpty()) {
            if (required) {
                throw new InvalidCaseInputException(field, field + (value == null ? " is required" : " must not be blank"));
            }
            return null;
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < v.length() && Character.isLowSurrogate(v.charAt(i + 1))) {
                    i++;
                    continue;
                }
                throw new InvalidCaseInputException(field, field + " contains an unpaired surrogate (invalid Unicode)");
            }
            if (Character.isLowSurrogate(c)) {
                throw new InvalidCaseInputException(field, field + " contains an unpaired surrogate (invalid Unicode)");
            }
            if (Character.isISOControl(c) && !(multiline && (c == '\t' || c == '\n' || c == '\r'))) {
                throw new InvalidCaseInputException(field, field + " must not contain control characters");
            }
        }
        int length = v.codePointCount(0, v.length());
        if (length > max) {
            throw new InvalidCaseInputException(field, field + " must be at most " + max + " characters (got " + length + ")");
        }
        return v;
    }
}
