package dev.tau4j.cases;

import java.util.UUID;

/** No case has this id. */
public final class CaseNotFoundException extends CaseException {

    private final UUID caseId;

    public CaseNotFoundException(UUID caseId) {
        super("case " + caseId + " does not exist");
        this.caseId = caseId;
    }

    public UUID caseId() {
        return caseId;
    }
}
