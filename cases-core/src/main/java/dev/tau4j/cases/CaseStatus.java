package dev.tau4j.cases;

import java.util.Locale;

/** Where a case is in its lifecycle. The only move is {@code OPEN → DECIDED}. */
public enum CaseStatus {
    /** Created, waiting for a decision. */
    OPEN,
    /** Decided once and for all; its {@link Decision} is recorded. */
    DECIDED;

    /**
     * Parses a status, ignoring surrounding whitespace and letter case.
     *
     * @param field the input field name to report on failure, e.g. {@code status}
     * @throws InvalidCaseInputException naming {@code field} when blank or unknown
     */
    public static CaseStatus parse(String text, String field) {
        if (text != null && !text.isBlank()) {
            String upper = text.strip().toUpperCase(Locale.ROOT);
            for (CaseStatus s : values()) {
                if (s.name().equals(upper)) {
                    return s;
                }
            }
        }
        throw new InvalidCaseInputException(field, field + " must be OPEN or DECIDED");
    }
}
