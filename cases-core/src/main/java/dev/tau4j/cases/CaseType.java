package dev.tau4j.cases;

import java.util.Locale;

/** What kind of purchasing case this is. */
public enum CaseType {
    /** Dossier d'appel d'offres: a tender. */
    DAO,
    /** Request for quotation. */
    RFQ;

    /**
     * Parses a case type, ignoring surrounding whitespace and letter case.
     *
     * @throws InvalidCaseInputException naming the field {@code case_type} when missing or unknown
     */
    public static CaseType parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidCaseInputException("case_type", "case_type is required (DAO or RFQ)");
        }
        String upper = text.strip().toUpperCase(Locale.ROOT);
        for (CaseType t : values()) {
            if (t.name().equals(upper)) {
                return t;
            }
        }
        throw new InvalidCaseInputException("case_type", "case_type must be DAO or RFQ");
    }
}
