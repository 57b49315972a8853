package dev.tau4j.cases;

import java.util.UUID;

/**
 * The case was already decided: a case takes one decision, and a second one is a conflict, never a
 * silent overwrite. Nothing was written.
 */
public final class CaseAlreadyDecidedException extends CaseException {

    private final UUID caseId;

    public CaseAlreadyDecidedException(UUID caseId) {
        super("case " + caseId + " is already decided");
        this.caseId = caseId;
    }

    public UUID caseId() {
        return caseId;
    }
}
