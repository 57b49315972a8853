package dev.tau4j.cases;

import dev.tau4j.cases.internal.TextRules;

/**
 * A validated request to open a case. Constructing one applies every rule: the title is trimmed,
 * non-blank and at most {@value #MAX_TITLE_LENGTH} characters; the lot is optional (blank means
 * absent), trimmed, at most {@value #MAX_LOT_LENGTH} characters; neither holds control characters.
 *
 * @param caseType required
 * @param title    the case title
 * @param lot      the lot, or {@code null}
 */
public record NewCase(CaseType caseType, String title, String lot) {

    public static final int MAX_TITLE_LENGTH = 200;
    public static final int MAX_LOT_LENGTH = 100;

    /** @throws InvalidCaseInputException naming the first refused field */
    public NewCase {
        if (caseType == null) {
            throw new InvalidCaseInputException("case_type", "case_type is required (DAO or RFQ)");
        }
        title = TextRules.required(title, "title", MAX_TITLE_LENGTH);
        lot = TextRules.optional(lot, "lot", MAX_LOT_LENGTH);
    }

    /** A case without a lot. */
    public static NewCase of(CaseType caseType, String title) {
        return new NewCase(caseType, title, null);
    }
}
