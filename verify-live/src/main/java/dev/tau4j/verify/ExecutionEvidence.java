package dev.tau4j.verify;

import dev.tau4j.session.conformance.ConformanceReport;
import java.util.List;

/**
 * Everything the live gate found for one execution (one PostgreSQL major): its evidence record, the
 * Failsafe counts (in total and for each required test class), the conformance report, the cases smoke,
 * the session-store fault checks, and the problems that fail the build. Absent parts are {@code null}
 * (and then named among the problems); a smoke or fault checks that left no evidence are
 * {@link SmokeEvidence#NOT_RUN} / {@link FaultEvidence#NOT_RUN}.
 */
public record ExecutionEvidence(String id, ExecutionRecord record, FailsafeSummary tests,
                                List<TestClassReport> testClasses, ConformanceReport conformance,
                                SmokeEvidence smoke, FaultEvidence faults, List<String> problems) {

    public ExecutionEvidence {
        java.util.Objects.requireNonNull(smoke, "smoke");
        java.util.Objects.requireNonNull(faults, "faults");
        testClasses = testClasses == null ? List.of() : List.copyOf(testClasses);
        problems = List.copyOf(problems);
    }

    /** Whether nothing is wrong with this execution. */
    public boolean passed() {
        return problems.isEmpty();
    }
}
