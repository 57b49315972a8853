package dev.tau4j.verify;

import java.util.List;
import java.util.Objects;

/**
 * The cases smoke's part of the evidence: create → list → decide → list over real HTTP against the live
 * database. Until the smoke is part of the build, the section says so ({@link #notRun()}); it never
 * shows a result that was not produced by the run.
 *
 * @param status {@link #NOT_RUN}, {@code passed} or {@code failed}
 * @param detail one sentence about the smoke
 * @param steps  each HTTP step as it happened (empty when not run)
 */
public record SmokeEvidence(String status, String detail, List<Step> steps) {

    public static final String NOT_RUN = "not_run";

    public SmokeEvidence {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
        steps = List.copyOf(steps);
    }

    /** One HTTP exchange of the smoke. */
    public record Step(String request, int httpStatus, String excerpt) {
    }

    /** The section of a build that does not run the smoke. */
    public static SmokeEvidence notRun() {
        return new SmokeEvidence(NOT_RUN, "not run in this build", List.of());
    }

    /** Whether the smoke ran. */
    public boolean ran() {
        return !NOT_RUN.equals(status);
    }

    /** Whether the smoke ran and passed. */
    public boolean passed() {
        return "passed".equals(status);
    }
}
