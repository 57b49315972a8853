package dev.tau4j.verify;

import dev.tau4j.testing.ProviderAttempt;
import dev.tau4j.testing.PostgresSettings;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The live gate")
class LiveRunGateTest {

    private static final List<String> BOTH = List.of("pg15", "pg18");
    /** The gate's console verdict is not under test here; keep it out of the build log. */
    private static final java.io.PrintStream QUIET = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());

    @TempDir
    Path target;

    private RunFixture fixture() {
        return new RunFixture(target).goodExecution("pg15", 15).goodExecution("pg18", 18);
    }

    private LiveRunReport evaluate(RunFixture fixture) {
        return LiveRunGate.evaluate(fixture.layout, BOTH, "0123456789abcdef0123456789abcdef01234567",
                Instant.parse("2026-11-22T12:00:00Z"));
    }

    @Test
    @DisplayName("passes when both majors provisioned, ran tests, passed every case and tore down")
    void passes() {
        LiveRunReport report = evaluate(fixture());
        assertThat(report.allProblems()).isEmpty();
        assertThat(report.verdict()).isEqualTo("PASS");
        assertThat(report.exitCode()).isZero();
    }

    @Nested
    @DisplayName("fails closed when")
    class FailsClosed {

        @Test
        @DisplayName("zero integration tests were executed")
        void zeroTests() {
            LiveRunReport report = evaluate(fixture().summary("pg18", 0, 0, 0, 0));
            assertFails(report, "pg18: zero integration tests executed");
        }

        @Test
        @DisplayName("an integration test was skipped, even in a class that is not required")
        void skippedTest() {
            LiveRunReport report = evaluate(fixture().summary("pg15", 40, 0, 0, 1));
            assertFails(report, "pg15: 1 integration test(s) skipped");
        }

        @Test
        @DisplayName("the Failsafe summary is missing")
        void noSummary() {
            RunFixture fixture = fixture();
            LiveRunReport report = evaluate(fixture.delete(fixture.layout.summary("pg15")));
            assertFails(report, "pg15: no Failsafe summary");
        }

        @Test
        @DisplayName("an integration test failed")
        void failedTest() {
            LiveRunReport report = evaluate(fixture().summary("pg15", 40, 1, 2, 0));
            assertFails(report, "pg15: 2 integration test(s) failed and 1 in error");
        }

        @Test
        @DisplayName("the contractual case C-03 is missing from the report")
        void missingC03() {
            List<String> cases = RunFixture.cases("passed", "passed", "passed");
            cases.remove(1);
            LiveRunReport report = evaluate(fixture().conformance("pg15", cases));
            assertFails(report, "pg15: contractual case C-03 is missing from the conformance report");
        }

        @Test
        @DisplayName("a contractual case was renamed")
        void renamedCase() {
            List<String> cases = RunFixture.cases("passed", "passed", "passed");
            cases.set(2, RunFixture.caseJson("C-4", "session paths are isolated", true, "passed", null));
            LiveRunReport report = evaluate(fixture().conformance("pg18", cases));
            assertFails(report, "pg18: contractual case C-04 is missing from the conformance report");
        }

        @Test
        @DisplayName("a required case was skipped")
        void skippedRequired() {
            List<String> cases = RunFixture.cases("passed", "passed", "passed");
            cases.set(3, RunFixture.caseJson("K-APPEND-01", "append assigns ids from 1", true, "skipped",
                    "capability missing"));
            LiveRunReport report = evaluate(fixture().conformance("pg15", cases));
            assertFails(report, "pg15: required case K-APPEND-01 (append assigns ids from 1) is skipped: "
                    + "capability missing");
        }

        @Test
        @DisplayName("a contractual case was skipped")
        void skippedContractual() {
            LiveRunReport report = evaluate(fixture().conformance("pg15", RunFixture.cases("passed", "skipped", "passed")));
            assertFails(report, "pg15: contractual case C-03 (usage summary persists) is skipped");
        }

        @Test
        @DisplayName("the conformance report is missing")
        void noConformanceReport() {
            RunFixture fixture = fixture();
            LiveRunReport report = evaluate(fixture.delete(fixture.layout.conformance("pg18")));
            assertFails(report, "pg18: no conformance report");
        }

        @Test
        @DisplayName("the conformance report lists no case")
        void emptyConformanceReport() {
            LiveRunReport report = evaluate(fixture().conformance("pg18", List.of()));
            assertFails(report, "pg18: the conformance report lists no case");
        }

        @Test
        @DisplayName("the provider failed")
        void providerFailure() {
            ExecutionRecord failed = ExecutionRecord.starting("pg15", 15).withFailure(
                    List.of(new ProviderAttempt("embedded", ProviderAttempt.Outcome.FAILED, "initdb failed")),
                    "No PostgreSQL could be provisioned.");
            LiveRunReport report = evaluate(fixture().record("pg15", failed));
            assertFails(report, "pg15: provider failure: No PostgreSQL could be provisioned.");
        }

        @Test
        @DisplayName("the execution left no database evidence at all")
        void noRecord() {
            RunFixture fixture = fixture();
            LiveRunReport report = evaluate(fixture.delete(fixture.layout.record("pg18")));
            assertFails(report, "pg18: no database evidence");
        }

        @Test
        @DisplayName("teardown did not run or failed")
        void teardown() {
            ExecutionRecord notTornDown = RunFixture.goodRecord("pg15", 15).withTeardown(0, ExecutionRecord.NOT_RUN);
            ExecutionRecord failedTeardown = RunFixture.goodRecord("pg18", 18).withTeardown(5, "failed: still up");
            LiveRunReport report = evaluate(fixture().record("pg15", notTornDown).record("pg18", failedTeardown));
            assertFails(report, "pg15: teardown did not run");
            assertThat(report.allProblems()).contains("pg18: teardown failed: still up");
        }

        @Test
        @DisplayName("a required test class did not run (e.g. renamed) or skipped its tests")
        void requiredTestClass() {
            RunFixture fixture = fixture();
            fixture.delete(fixture.layout.testReport("pg15", "dev.tau4j.verify.PostgresCaseRepositoryContractIT"));
            fixture.testReport("pg18", "dev.tau4j.verify.CasesGateIT", 4, 0, 0, 1);
            LiveRunReport report = evaluate(fixture);
            assertFails(report, "pg15: required test class dev.tau4j.verify.PostgresCaseRepositoryContractIT did not run");
            assertThat(report.allProblems()).contains("pg18: required test class dev.tau4j.verify.CasesGateIT ran 4 "
                    + "test(s): 0 failed, 0 in error, 1 skipped");
            assertThat(report.toMarkdown()).contains("| PostgresCaseRepositoryContractIT | did not run | 10 / 0 / 0 / 0 |");
        }

        @Test
        @DisplayName("the smoke did not run (no smoke evidence), even though every test passed")
        void smokeMissing() {
            RunFixture fixture = fixture();
            LiveRunReport report = evaluate(fixture.delete(fixture.layout.smoke("pg15")));
            assertFails(report, "pg15: no smoke evidence");
            assertThat(report.smokeStatus()).isEqualTo(SmokeEvidence.FAILED);
            assertThat(report.toMarkdown()).contains("### pg15: FAIL", "Not run: no smoke evidence");
        }

        @Test
        @DisplayName("no execution ran the smoke")
        void smokeMissingEverywhere() {
            RunFixture fixture = fixture();
            fixture.delete(fixture.layout.smoke("pg15")).delete(fixture.layout.smoke("pg18"));
            LiveRunReport report = evaluate(fixture);
            assertFails(report, "pg15: no smoke evidence");
            assertThat(report.allProblems()).anySatisfy(p -> assertThat(p).startsWith("pg18: no smoke evidence"));
            assertThat(report.smokeStatus()).isEqualTo(SmokeEvidence.NOT_RUN);
        }

        @Test
        @DisplayName("a smoke step failed")
        void smokeStepFailed() {
            SmokeEvidence smoke = RunFixture.withStep(RunFixture.goodSmoke("pg18"), "list-decided",
                    RunFixture.step("list-decided", 200, 500));
            LiveRunReport report = evaluate(fixture().smoke("pg18", smoke));
            assertFails(report, "pg18: smoke step list-decided failed: GET /api/cases expected 200, got 500: "
                    + "expected HTTP 200, got 500");
            assertThat(report.toMarkdown()).contains("| list-decided | `GET /api/cases` | 200 | 500 | 12 | **FAILED** |");
        }

        @Test
        @DisplayName("a failed step that is not required still fails the smoke")
        void extraStepFailed() {
            SmokeEvidence good = RunFixture.goodSmoke("pg15");
            List<SmokeEvidence.Step> steps = new java.util.ArrayList<>(good.steps());
            steps.add(RunFixture.step("create-target", 201, 503));
            SmokeEvidence smoke = new SmokeEvidence("pg15", SmokeEvidence.PASSED, "", good.database(), 10L, steps,
                    good.output());
            assertFails(evaluate(fixture().smoke("pg15", smoke)), "pg15: smoke step create-target failed");
        }

        @Test
        @DisplayName("a required smoke step is missing (e.g. renamed or its test disabled)")
        void smokeStepMissing() {
            SmokeEvidence smoke = RunFixture.withStep(RunFixture.goodSmoke("pg15"), "decide", null);
            LiveRunReport report = evaluate(fixture().smoke("pg15", smoke));
            assertFails(report, "pg15: smoke step decide is missing");
            SmokeEvidence renamed = RunFixture.withStep(RunFixture.goodSmoke("pg15"), "list-decided",
                    RunFixture.step("list-after-decide", 200, 200));
            assertFails(evaluate(fixture().smoke("pg15", renamed)), "pg15: smoke step list-decided is missing");
        }

        @Test
        @DisplayName("the smoke says it failed, though every recorded step passed")
        void smokeSaysFailed() {
            SmokeEvidence good = RunFixture.goodSmoke("pg15");
            SmokeEvidence failed = new SmokeEvidence("pg15", SmokeEvidence.FAILED,
                    "UTF-8 text round-trips over HTTP through PostgreSQL is disabled", good.database(), 5L,
                    good.steps(), good.output());
            assertFails(evaluate(fixture().smoke("pg15", failed)),
                    "pg15: the cases smoke is failed: UTF-8 text round-trips over HTTP through PostgreSQL is disabled");
        }

        @Test
        @DisplayName("the smoke evidence belongs to another execution")
        void smokeOfAnotherExecution() {
            assertFails(evaluate(fixture().smoke("pg18", RunFixture.goodSmoke("pg15"))),
                    "pg18: the smoke evidence is for execution pg15, not pg18");
        }

        @Test
        @DisplayName("the smoke evidence is unreadable")
        void smokeUnreadable() throws Exception {
            RunFixture fixture = fixture();
            Files.writeString(fixture.layout.smoke("pg15"), "{\"status\": ", StandardCharsets.UTF_8);
            assertFails(evaluate(fixture), "pg15: unreadable smoke evidence");
        }

        @Test
        @DisplayName("the fault checks did not run (no fault evidence)")
        void faultsMissing() {
            RunFixture fixture = fixture();
            LiveRunReport report = evaluate(fixture.delete(fixture.layout.faults("pg18")));
            assertFails(report, "pg18: no fault evidence");
            assertThat(report.toMarkdown()).contains("## Faults", "Not run: no fault evidence");
        }

        @Test
        @DisplayName("a fault check failed, or says so only in the overall status")
        void faultCheckFailed() {
            FaultEvidence failed = RunFixture.withCheck(RunFixture.goodFaults("pg15"), "silence",
                    new FaultEvidence.Check("silence", FaultEvidence.FAILED, "a read took 31000 ms", 31000, null));
            assertFails(evaluate(fixture().faults("pg15", failed)), "pg15: fault check silence is failed: a read took");
            FaultEvidence good = RunFixture.goodFaults("pg15");
            FaultEvidence saysFailed = new FaultEvidence("pg15", FaultEvidence.FAILED, "crash test aborted",
                    good.database(), 1L, good.checks(), good.output());
            assertFails(evaluate(fixture().faults("pg15", saysFailed)), "pg15: the fault checks are failed: crash test");
        }

        @Test
        @DisplayName("a required fault check is missing (e.g. renamed), or the evidence is another execution's")
        void faultCheckMissing() {
            FaultEvidence missing = RunFixture.withCheck(RunFixture.goodFaults("pg15"), "lost-reply-usage", null);
            assertFails(evaluate(fixture().faults("pg15", missing)), "pg15: fault check lost-reply-usage is missing");
            assertFails(evaluate(fixture().faults("pg18", RunFixture.goodFaults("pg15"))),
                    "pg18: the fault evidence is for execution pg15, not pg18");
        }

        @Test
        @DisplayName("a cases fault check is missing or failed, on either execution")
        void caseFaultCheckMissingOrFailed() {
            for (String check : List.of(FaultEvidence.CRASH_CASES, "lost-reply-case-create", "lost-reply-case-decide",
                    "silence-cases")) {
                for (String execution : List.of("pg15", "pg18")) {
                    FaultEvidence missing = RunFixture.withCheck(RunFixture.goodFaults(execution), check, null);
                    assertFails(evaluate(fixture().faults(execution, missing)),
                            execution + ": fault check " + check + " is missing");
                    FaultEvidence failed = RunFixture.withCheck(RunFixture.goodFaults(execution), check,
                            new FaultEvidence.Check(check, FaultEvidence.FAILED, "answered 409", 10, null));
                    assertFails(evaluate(fixture().faults(execution, failed)),
                            execution + ": fault check " + check + " is failed: answered 409");
                }
            }
            FaultEvidence notApplicable = RunFixture.withCheck(RunFixture.goodFaults("pg15"), FaultEvidence.CRASH_CASES,
                    new FaultEvidence.Check(FaultEvidence.CRASH_CASES, FaultEvidence.NOT_APPLICABLE, "no binaries", 0,
                            null));
            assertFails(evaluate(fixture().faults("pg15", notApplicable)),
                    "pg15: fault check crash-cases is not_applicable");
            FaultEvidence lostReplyNotApplicable = RunFixture.withCheck(RunFixture.goodFaults("pg15"),
                    "lost-reply-case-decide", new FaultEvidence.Check("lost-reply-case-decide",
                            FaultEvidence.NOT_APPLICABLE, "skipped", 0, null));
            assertFails(evaluate(fixture().faults("pg15", lostReplyNotApplicable)),
                    "pg15: fault check lost-reply-case-decide is not_applicable");
        }

        @Test
        @DisplayName("the crash check is not applicable although the run started its own database")
        void crashNotApplicableWithoutUrl() {
            FaultEvidence notApplicable = RunFixture.withCheck(RunFixture.goodFaults("pg15"), FaultEvidence.CRASH,
                    new FaultEvidence.Check(FaultEvidence.CRASH, FaultEvidence.NOT_APPLICABLE, "no binaries", 0, null));
            assertFails(evaluate(fixture().faults("pg15", notApplicable)), "pg15: fault check crash is not_applicable");
            FaultEvidence otherNotApplicable = RunFixture.withCheck(RunFixture.goodFaults("pg15"), "silence",
                    new FaultEvidence.Check("silence", FaultEvidence.NOT_APPLICABLE, "skipped", 0, null));
            assertFails(evaluate(fixture().faults("pg15", otherNotApplicable)),
                    "pg15: fault check silence is not_applicable");
        }

        @Test
        @DisplayName("the server is not the requested major")
        void wrongMajor() {
            LiveRunReport report = evaluate(fixture().record("pg15", RunFixture.goodRecord("pg15", 15, 18)));
            assertFails(report, "pg15: PostgreSQL 15 was requested but the server is 18.6");
        }

        private void assertFails(LiveRunReport report, String problem) {
            assertThat(report.verdict()).isEqualTo("FAIL");
            assertThat(report.exitCode()).isEqualTo(1);
            assertThat(report.allProblems()).anySatisfy(p -> assertThat(p).startsWith(problem));
        }
    }

    @Test
    @DisplayName("writes live-run.json and live-run.md with every required field, and returns the exit code")
    void writesTheEvidence() throws Exception {
        RunFixture fixture = fixture();
        int code = LiveRunGate.run(fixture.layout, target, BOTH, Map.of(), QUIET, QUIET);
        assertThat(code).isZero();

        JsonNode json = new ObjectMapper().readTree(target.resolve("evidence/live-run.json").toFile());
        assertThat(json.path("date_utc").asText()).endsWith("Z");
        assertThat(json.path("git_commit").asText()).isNotBlank();
        assertThat(json.path("verdict").asText()).isEqualTo("PASS");
        assertThat(json.path("exit_code").asInt()).isZero();
        JsonNode pg15 = json.path("executions").get(0);
        assertThat(pg15.path("id").asText()).isEqualTo("pg15");
        assertThat(pg15.path("database").path("provider").asText()).isEqualTo("embedded");
        assertThat(pg15.path("database").path("server_version").asText()).isEqualTo("15.6");
        assertThat(pg15.path("database").path("url").asText()).isEqualTo("postgres://postgres@localhost:40123/postgres");
        assertThat(pg15.path("durations_ms").fieldNames()).toIterable()
                .containsExactly("provision", "migrate", "kit", "teardown");
        assertThat(pg15.path("conformance").path("cases")).hasSize(5);
        JsonNode c03 = json.path("conformance_matrix").get(1);
        assertThat(c03.path("id").asText()).isEqualTo("C-03");
        assertThat(c03.path("status").path("pg15").asText()).isEqualTo("passed");
        assertThat(c03.path("status").path("pg18").asText()).isEqualTo("passed");
        JsonNode smoke = json.path("smoke");
        assertThat(smoke.path("status").asText()).isEqualTo(SmokeEvidence.PASSED);
        assertThat(smoke.path("required_steps")).hasSize(SmokeEvidence.REQUIRED_STEPS.size());
        JsonNode run = smoke.path("runs").get(0);
        assertThat(run.path("execution").asText()).isEqualTo("pg15");
        assertThat(run.path("verdict").asText()).isEqualTo("PASS");
        assertThat(run.path("duration_ms").asLong()).isEqualTo(1234L);
        assertThat(run.path("steps")).hasSize(SmokeEvidence.REQUIRED_STEPS.size());
        JsonNode create = run.path("steps").get(0);
        assertThat(create.fieldNames()).toIterable().containsExactly("id", "method", "path", "expected", "http_status",
                "ok", "duration_ms", "excerpt", "detail");
        assertThat(create.path("id").asText()).isEqualTo("create");
        assertThat(create.path("http_status").asText()).isEqualTo("200");
        assertThat(create.path("ok").asBoolean()).isTrue();
        assertThat(run.path("output").get(0).asText()).contains("cases API listening on");
        assertThat(smoke.path("runs").get(1).path("execution").asText()).isEqualTo("pg18");
        JsonNode faults = pg15.path("faults");
        assertThat(faults.path("verdict").asText()).isEqualTo("PASS");
        assertThat(faults.path("status").asText()).isEqualTo(FaultEvidence.PASSED);
        assertThat(faults.path("required_checks")).hasSize(FaultEvidence.REQUIRED_CHECKS.size());
        JsonNode crash = faults.path("checks").get(0);
        assertThat(crash.fieldNames()).toIterable().containsExactly("id", "status", "duration_ms", "detail", "figures");
        assertThat(crash.path("id").asText()).isEqualTo("crash");
        assertThat(crash.path("figures").path("kills").asInt()).isEqualTo(6);
        assertThat(crash.path("figures").path("recovery_ms")).hasSize(2);

        String md = Files.readString(target.resolve("evidence/live-run.md"), StandardCharsets.UTF_8);
        assertThat(md).startsWith("# tau4j live verification: PASS")
                .contains("| C-03 | usage summary persists | yes | passed | passed |")
                .contains("## Smoke", "### pg15: PASS", "### pg18: PASS")
                .contains("| 1 | create | `POST /api/decide/92ddaca0-271d-4932-8d92-9e791bae4a64` | 200 | 200 | 12 | ok |")
                .contains("Raw output of the smoke", "```text", "cases API listening on http://127.0.0.1:40000")
                .contains("## Faults", "| crash | passed | 40 | crash held | kills=6, acknowledged_appends=1200,"
                        + " recovery_ms=[310, 290] |")
                .contains("**PASS**, exit code 0");
    }

    @Test
    @DisplayName("accepts a crash check that is not applicable, with its reason, when the database was given by URL")
    void crashNotApplicableWithGivenUrl() {
        ExecutionRecord good = RunFixture.goodRecord("pg15", 15);
        ExecutionRecord given = new ExecutionRecord(good.execution(), good.requestedMajor(), good.status(),
                "environment-url", "TAU4J_TEST_POSTGRES_URL", true, good.urlMasked(), good.serverVersion(),
                good.serverMajor(), good.version(), good.attempts(), null, good.provisionMs(), good.migrateMs(),
                good.migrations(), good.kitMs(), good.teardownMs(), good.teardown());
        FaultEvidence notApplicable = RunFixture.withCheck(RunFixture.goodFaults("pg15"), FaultEvidence.CRASH,
                new FaultEvidence.Check(FaultEvidence.CRASH, FaultEvidence.NOT_APPLICABLE,
                        "no embedded binaries; a server this run did not start is never killed", 0, null));
        LiveRunReport report = evaluate(fixture().record("pg15", given).faults("pg15", notApplicable));
        assertThat(report.allProblems()).isEmpty();
        FaultEvidence bothNotApplicable = RunFixture.withCheck(notApplicable, FaultEvidence.CRASH_CASES,
                new FaultEvidence.Check(FaultEvidence.CRASH_CASES, FaultEvidence.NOT_APPLICABLE,
                        "no embedded binaries; a server this run did not start is never killed", 0, null));
        assertThat(evaluate(fixture().record("pg15", given).faults("pg15", bothNotApplicable)).allProblems()).isEmpty();
        FaultEvidence noReason = RunFixture.withCheck(RunFixture.goodFaults("pg15"), FaultEvidence.CRASH,
                new FaultEvidence.Check(FaultEvidence.CRASH, FaultEvidence.NOT_APPLICABLE, "", 0, null));
        assertThat(evaluate(fixture().record("pg15", given).faults("pg15", noReason)).verdict()).isEqualTo("FAIL");
    }

    @Test
    @DisplayName("writes the evidence of a failed run too, and returns 1")
    void writesFailedEvidence() throws Exception {
        RunFixture fixture = fixture().summary("pg15", 0, 0, 0, 0);
        int code = LiveRunGate.run(fixture.layout, target, BOTH, Map.of(), QUIET, QUIET);
        assertThat(code).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(target.resolve("evidence/live-run.json").toFile());
        assertThat(json.path("verdict").asText()).isEqualTo("FAIL");
        assertThat(json.path("exit_code").asInt()).isEqualTo(1);
        assertThat(json.path("problems").get(0).asText()).isEqualTo("pg15: zero integration tests executed");
    }

    /** Runs the gate with {@code password} in the environment's URL; neither evidence file may hold it. */
    private void assertMasked(RunFixture fixture, String password) throws Exception {
        LiveRunGate.run(fixture.layout, target, BOTH, Map.of(PostgresSettings.URL_VARIABLE,
                "postgres://app:" + password + "@db:5432/x?sslmode=require"), QUIET, QUIET);
        for (String file : List.of("evidence/live-run.json", "evidence/live-run.md")) {
            assertThat(Files.readString(target.resolve(file), StandardCharsets.UTF_8)).as(file)
                    .doesNotContain(password).contains("postgres://app:***@db:5432/x");
        }
    }

    @Test
    @DisplayName("masks the database password in the fault section too")
    void masksThePasswordInTheFaults() throws Exception {
        String password = "pw-faults-K3-never-shown";
        FaultEvidence good = RunFixture.goodFaults("pg15");
        FaultEvidence leaky = RunFixture.withCheck(good, "silence", new FaultEvidence.Check("silence",
                FaultEvidence.PASSED, "store at postgres://app:" + password + "@db:5432/x", 10,
                Map.of("url", "postgres://app:" + password + "@db:5432/x")));
        RunFixture fixture = fixture().faults("pg15", leaky);
        assertMasked(fixture, password);
    }

    @Test
    @DisplayName("masks the database password in the smoke section too")
    void masksThePasswordInTheSmoke() throws Exception {
        String password = "pw-smoke-Q7-never-shown";
        SmokeEvidence good = RunFixture.goodSmoke("pg15");
        List<String> output = new java.util.ArrayList<>(good.output());
        output.add("a line that should never hold " + password);
        SmokeEvidence leaky = new SmokeEvidence("pg15", SmokeEvidence.PASSED, "", "at postgres://app:" + password
                + "@db:5432/x", 10L, good.steps(), output);
        RunFixture fixture = fixture().smoke("pg15", leaky);
        assertMasked(fixture, password);
    }

    @Test
    @DisplayName("reads the commit from git, or says unknown outside a repository")
    void gitCommit(@TempDir Path notARepository) {
        assertThat(LiveRunGate.gitCommit(notARepository)).isEqualTo("unknown");
        assertThat(LiveRunGate.gitCommit(Path.of("").toAbsolutePath())).matches("[0-9a-f]{40}|unknown");
    }
}
