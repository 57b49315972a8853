package dev.tau4j.verify;

import java.util.List;

/**
 * Everything the live gate found for one execution (one PostgreSQL major): its evidence record, the
 * Failsafe counts, the conformance report, and the problems that fail the build. Absent parts are
 * {@code null} (and then named among the problems).
 */
public record ExecutionEvidence(String id, ExecutionRecord record, FailsafeSummary tests,
                                ConformanceResults conformance, List<String> problems) {

    public ExecutionEvidence {
        problems = List.copyOf(problems);
    }

    /** Whether nothing is wrong with this execution. */
    public boolean passed() {
        return problems.isEmpty();
    }
}
