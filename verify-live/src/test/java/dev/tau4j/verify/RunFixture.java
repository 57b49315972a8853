package dev.tau4j.verify;

import dev.tau4j.testing.ProviderAttempt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes the files a live run leaves behind, good by default, so a test can break exactly one thing. */
final class RunFixture {

    final LiveRunGate.Layout layout;

    RunFixture(Path target) {
        this.layout = new LiveRunGate.Layout(target);
    }

    /** A passing execution: provisioned and torn down, tests ran, every case passed, the smoke passed. */
    RunFixture goodExecution(String id, int major) {
        record(id, goodRecord(id, major));
        summary(id, 40, 0, 0, 0);
        for (String testClass : LiveRunGate.REQUIRED_TEST_CLASSES) {
            testReport(id, testClass, 10, 0, 0, 0);
        }
        conformance(id, cases("passed", "passed", "passed"));
        smoke(id, goodSmoke(id));
        faults(id, goodFaults(id));
        return this;
    }

    /** Fault checks of execution {@code id} that all passed. */
    static FaultEvidence goodFaults(String id) {
        List<FaultEvidence.Check> checks = new ArrayList<>();
        for (String check : FaultEvidence.REQUIRED_CHECKS) {
            java.util.Map<String, Object> figures = new java.util.LinkedHashMap<>();
            if (check.equals(FaultEvidence.CRASH)) {
                figures.put("kills", 6);
                figures.put("acknowledged_appends", 1200);
                figures.put("recovery_ms", List.of(310, 290));
            }
            checks.add(new FaultEvidence.Check(check, FaultEvidence.PASSED, check + " held", 40, figures));
        }
        return new FaultEvidence(id, FaultEvidence.PASSED, checks.size() + " checks", "PostgreSQL 15.6 (embedded) at "
                + "postgres://postgres@localhost:40123/postgres, schema tau4j_live_0123456789ab", 4321L, checks,
                List.of("12:00:00.000 [" + id + "] crash: PASSED in 20000 ms"));
    }

    /** The same fault checks with {@code check} replaced, or dropped when {@code replacement} is null. */
    static FaultEvidence withCheck(FaultEvidence faults, String check, FaultEvidence.Check replacement) {
        List<FaultEvidence.Check> checks = new ArrayList<>();
        for (FaultEvidence.Check c : faults.checks()) {
            if (!c.id().equals(check)) {
                checks.add(c);
            } else if (replacement != null) {
                checks.add(replacement);
            }
        }
        return new FaultEvidence(faults.execution(), faults.status(), faults.detail(), faults.database(),
                faults.durationMs(), checks, faults.output());
    }

    RunFixture faults(String id, FaultEvidence faults) {
        faults.write(layout.faults(id));
        return this;
    }

    /** Failsafe's report of one test class. */
    RunFixture testReport(String id, String testClass, int tests, int failures, int errors, int skipped) {
        write(layout.testReport(id, testClass), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\""
                + testClass + "\" time=\"1.5\" tests=\"" + tests + "\" errors=\"" + errors + "\" skipped=\"" + skipped
                + "\" failures=\"" + failures + "\" flakes=\"0\">\n  <testcase name=\"t\" classname=\"" + testClass
                + "\" time=\"0.1\"/>\n</testsuite>\n");
        return this;
    }

    /** A smoke of execution {@code id} that passed every required step. */
    static SmokeEvidence goodSmoke(String id) {
        List<SmokeEvidence.Step> steps = new ArrayList<>();
        for (String step : SmokeEvidence.REQUIRED_STEPS) {
            steps.add(step(step, 200, 200));
        }
        List<String> output = new ArrayList<>();
        output.add("12:00:00.000 [" + id + "] cases API listening on http://127.0.0.1:40000");
        steps.forEach(s -> output.add("12:00:00.100 [" + id + "] " + s.id() + ": " + s.request() + " -> " + s.httpStatus()));
        return new SmokeEvidence(id, SmokeEvidence.PASSED, steps.size() + " steps", "PostgreSQL 15.6 (embedded) at "
                + "postgres://postgres@localhost:40123/postgres, schema tau4j_live_0123456789ab", 1234L, steps, output);
    }

    /** A smoke step; ok when the status is the expected one. */
    static SmokeEvidence.Step step(String id, int expected, int status) {
        String path = id.startsWith("list") ? "/api/cases" : "/api/decide/92ddaca0-271d-4932-8d92-9e791bae4a64";
        return new SmokeEvidence.Step(id, id.startsWith("list") ? "GET" : "POST", path, String.valueOf(expected),
                String.valueOf(status), "{\"id\":\"92ddaca0-271d-4932-8d92-9e791bae4a64\",\"status\":\"DECIDED\"}", 12,
                expected == status, expected == status ? "status DECIDED" : "expected HTTP " + expected + ", got " + status);
    }

    /** The same smoke with {@code step} replaced, or dropped when {@code replacement} is null. */
    static SmokeEvidence withStep(SmokeEvidence smoke, String step, SmokeEvidence.Step replacement) {
        List<SmokeEvidence.Step> steps = new ArrayList<>();
        for (SmokeEvidence.Step s : smoke.steps()) {
            if (!s.id().equals(step)) {
                steps.add(s);
            } else if (replacement != null) {
                steps.add(replacement);
            }
        }
        return new SmokeEvidence(smoke.execution(), smoke.status(), smoke.detail(), smoke.database(), smoke.durationMs(),
                steps, smoke.output());
    }

    RunFixture smoke(String id, SmokeEvidence smoke) {
        smoke.write(layout.smoke(id));
        return this;
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

    RunFixture record(String id, ExecutionRecord record) {
        record.write(layout.record(id));
        return this;
    }

    RunFixture summary(String id, int completed, int errors, int failures, int skipped) {
        write(layout.summary(id), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<failsafe-summary xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" result=\""
                + (errors + failures > 0 ? 255 : 0) + "\" timeout=\"false\">\n"
                + "    <completed>" + completed + "</completed>\n"
                + "    <errors>" + errors + "</errors>\n"
                + "    <failures>" + failures + "</failures>\n"
                + "    <skipped>" + skipped + "</skipped>\n"
                + "    <failureMessage xsi:nil=\"true\" />\n"
                + "</failsafe-summary>\n");
        return this;
    }

    /** The three contractual cases with these statuses, one required and one optional case besides. */
    static List<String> cases(String c02, String c03, String c04) {
        List<String> cases = new ArrayList<>();
        cases.add(caseJson("C-02", "round trip preserves lineage", true, c02, null));
        cases.add(caseJson("C-03", "usage summary persists", true, c03, null));
        cases.add(caseJson("C-04", "session paths are isolated", true, c04, null));
        cases.add(caseJson("K-APPEND-01", "append assigns ids from 1", true, "passed", null));
        cases.add(caseJson("K-OPT-01", "an optional capability", false, "skipped", "not supported by this backend"));
        return cases;
    }

    static String caseJson(String id, String name, boolean required, String status, String reason) {
        return "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"required\":" + required + ",\"status\":\""
                + status + "\",\"reason\":" + (reason == null ? "null" : "\"" + reason + "\"") + "}";
    }

    RunFixture conformance(String id, List<String> cases) {
        long passed = cases.stream().filter(c -> c.contains("\"passed\"")).count();
        long failed = cases.stream().filter(c -> c.contains("\"failed\"")).count();
        long skipped = cases.stream().filter(c -> c.contains("\"skipped\"")).count();
        write(layout.conformance(id), "{\"kit_version\":\"0.1.0\",\"backend\":\"postgres\",\"cases\":["
                + String.join(",", cases) + "],\"passed\":" + passed + ",\"failed\":" + failed + ",\"skipped\":"
                + skipped + "}");
        return this;
    }

    RunFixture delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
