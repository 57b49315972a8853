package dev.tau4j.verify;

import dev.tau4j.session.conformance.ConformanceReport;
import dev.tau4j.session.conformance.ConformanceReport.CaseResult;
import dev.tau4j.session.conformance.ConformanceReport.Status;
import dev.tau4j.testing.ProviderAttempt;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a passing execution records, so a test can break exactly one thing. */
final class Fixtures {

    static final String DATABASE = "PostgreSQL 15.6 (embedded) at postgres://postgres@localhost:40123/postgres";

    private Fixtures() {
    }

    static ExecutionRecord goodRecord(String id, int major) {
        return goodRecord(id, major, major);
    }

    static ExecutionRecord goodRecord(String id, int requestedMajor, int major) {
        return new ExecutionRecord(id, requestedMajor, ExecutionRecord.READY, "embedded", "embedded PostgreSQL from binaries.jar",
                false, "postgres://postgres@localhost:40123/postgres", major + ".6", major, "PostgreSQL " + major
                + ".6 on x86_64-pc-linux-gnu",
                List.of(new ProviderAttempt("environment-url", ProviderAttempt.Outcome.NOT_AVAILABLE, "no URL given"),
                        new ProviderAttempt("testcontainers", ProviderAttempt.Outcome.NOT_AVAILABLE, "no Docker engine"),
                        new ProviderAttempt("embedded", ProviderAttempt.Outcome.READY, "embedded, PostgreSQL " + major)),
                null, 2500L, 900L, 12, 8000L, 300L, ExecutionRecord.DONE);
    }

    /** Every required class with 10 passed tests. */
    static LiveRunReport.Tests goodTests() {
        List<LiveRunReport.TestClass> classes = LiveVerifier.REQUIRED_TEST_CLASSES.stream()
                .map(name -> new LiveRunReport.TestClass(name, 10, 0, 0, 0)).toList();
        return new LiveRunReport.Tests(10L * classes.size(), 0, 0, 0, classes);
    }

    static LiveRunReport.Tests tests(LiveRunReport.TestClass... classes) {
        List<LiveRunReport.TestClass> all = List.of(classes);
        return new LiveRunReport.Tests(all.stream().mapToLong(LiveRunReport.TestClass::tests).sum(),
                all.stream().mapToLong(LiveRunReport.TestClass::failures).sum(),
                all.stream().mapToLong(LiveRunReport.TestClass::errors).sum(),
                all.stream().mapToLong(LiveRunReport.TestClass::skipped).sum(), all);
    }

    /** The three contractual cases, another required case and an optional one skipped. */
    static ConformanceReport conformance(Status c03, Status optional) {
        List<CaseResult> cases = List.of(
                new CaseResult("C-02", "round trip preserves lineage", true, Status.PASSED, null),
                new CaseResult("C-03", "usage summary persists", true, c03, c03 == Status.PASSED ? null : "why"),
                new CaseResult("C-04", "session paths are isolated", true, Status.PASSED, null),
                new CaseResult("C-57", "NUL in every message field round-trips exactly", false, optional,
                        optional == Status.PASSED ? null : "not supported by this backend"));
        long passed = cases.stream().filter(c -> c.status() == Status.PASSED).count();
        long failed = cases.stream().filter(c -> c.status() == Status.FAILED).count();
        return new ConformanceReport("0.1.0", "postgres", cases, (int) passed, (int) failed,
                (int) (cases.size() - passed - failed));
    }

    static SmokeEvidence goodSmoke(String id) {
        List<SmokeEvidence.Step> steps = new ArrayList<>();
        for (String step : SmokeEvidence.REQUIRED_STEPS) {
            steps.add(new SmokeEvidence.Step(step, "POST", "/api/cases", "200", "200", "{\"status\":\"OPEN\"}", 12,
                    true, "status OPEN"));
        }
        return new SmokeEvidence(id, SmokeEvidence.PASSED, steps.size() + " steps", DATABASE, 1234L, steps,
                List.of("12:00:00.000 [" + id + "] cases API listening"));
    }

    static FaultEvidence goodFaults(String id) {
        List<FaultEvidence.Check> checks = new ArrayList<>();
        for (String check : FaultEvidence.REQUIRED_CHECKS) {
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("kills", 5);
            checks.add(new FaultEvidence.Check(check, FaultEvidence.PASSED, check + " held", 40, figures));
        }
        return new FaultEvidence(id, FaultEvidence.PASSED, checks.size() + " checks", DATABASE, 4321L, checks,
                List.of("12:00:00.000 [" + id + "] crash: PASSED"));
    }

    /** A passing execution, as {@link LiveVerifier} assembles it. */
    static LiveRunReport.Execution goodExecution(String id, int major) {
        ExecutionRecord record = goodRecord(id, major);
        SmokeEvidence smoke = goodSmoke(id);
        FaultEvidence faults = goodFaults(id);
        return new LiveRunReport.Execution(id, "PASS", major, LiveRunReport.Database.of(record),
                new LiveRunReport.Durations(2500L, 900L, 8000L, 300L), 12, ExecutionRecord.DONE, goodTests(),
                conformance(Status.PASSED, Status.SKIPPED), LiveRunReport.Faults.of(faults, List.of()), List.of(),
                smoke, List.of());
    }
}
