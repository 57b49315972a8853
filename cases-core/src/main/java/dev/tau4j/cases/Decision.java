package dev.tau4j.cases;

import java.time.Instant;
import java.util.Objects;

/**
 * The decision recorded on a case: written once, in the same transaction that moved the case to
 * {@link CaseStatus#DECIDED}, and never changed afterwards.
 *
 * @param chosenSupplier the supplier chosen
 * @param decisionReason why
 * @param nextAction     what happens next
 * @param decidedBy      who decided, or {@code null}
 * @param decidedAt      when the store recorded it (microsecond precision)
 */
public record Decision(String chosenSupplier, String decisionReason, String nextAction, String decidedBy,
                       Instant decidedAt) {

    public Decision {
        Objects.requireNonNull(chosenSupplier, "chosenSupplier");
        Objects.requireNonNull(decisionReason, "decisionReason");
        Objects.requireNonNull(nextAction, "nextAction");
        Objects.requireNonNull(decidedAt, "decidedAt");
    }
}
