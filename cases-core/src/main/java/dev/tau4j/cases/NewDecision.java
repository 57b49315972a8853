package dev.tau4j.cases;

import dev.tau4j.cases.internal.TextRules;

/**
 * A validated decision to record on an open case. Every text is trimmed; the required ones must not
 * be blank. Bounds: supplier {@value #MAX_SUPPLIER_LENGTH}, reason {@value #MAX_REASON_LENGTH},
 * next action {@value #MAX_NEXT_ACTION_LENGTH}, decided-by {@value #MAX_DECIDED_BY_LENGTH}
 * characters. The reason and next action may span lines; the others are single-line.
 *
 * @param chosenSupplier the supplier chosen
 * @param decisionReason why
 * @param nextAction     what happens next
 * @param decidedBy      who decided, or {@code null}
 */
public record NewDecision(String chosenSupplier, String decisionReason, String nextAction, String decidedBy) {

    public static final int MAX_SUPPLIER_LENGTH = 200;
    public static final int MAX_REASON_LENGTH = 2000;
    public static final int MAX_NEXT_ACTION_LENGTH = 1000;
    public static final int MAX_DECIDED_BY_LENGTH = 200;

    /** @throws InvalidCaseInputException naming the first refused field */
    public NewDecision {
        chosenSupplier = TextRules.required(chosenSupplier, "chosen_supplier", MAX_SUPPLIER_LENGTH);
        decisionReason = TextRules.requiredMultiline(decisionReason, "decision_reason", MAX_REASON_LENGTH);
        nextAction = TextRules.requiredMultiline(nextAction, "next_action", MAX_NEXT_ACTION_LENGTH);
        decidedBy = TextRules.optional(decidedBy, "decided_by", MAX_DECIDED_BY_LENGTH);
    }
}
