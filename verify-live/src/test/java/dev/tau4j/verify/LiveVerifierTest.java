package dev.tau4j.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tau4j.session.conformance.ConformanceReport;
import dev.tau4j.session.conformance.ConformanceReport.Status;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("The live verdict")
class LiveVerifierTest {

    private static final Path FILE = Path.of("target/evidence/conformance/pg15/conformance-report.json");
    private static final String LAST = LiveVerifier.REQUIRED_TEST_CLASSES.get(LiveVerifier.REQUIRED_TEST_CLASSES.size() - 1);

    private static List<String> problems(ExecutionRecord record, LiveRunReport.Tests tests, ConformanceReport report) {
        return LiveVerifier.problems(record, tests, report, FILE);
    }

    @Test
    @DisplayName("passes a provisioned, torn-down execution whose classes and required cases all passed")
    void passes() {
        assertThat(problems(Fixtures.goodRecord("pg15", 15), Fixtures.goodTests(),
                Fixtures.conformance(Status.PASSED, Status.SKIPPED))).isEmpty();
        assertThat(Fixtures.goodSmoke("pg15").problems("pg15")).isEmpty();
        assertThat(Fixtures.goodFaults("pg15").problems("pg15", false)).isEmpty();
    }

    @Nested
    @DisplayName("fails closed when")
    class FailsClosed {

        @Test
        @DisplayName("zero tests ran")
        void zeroTests() {
            assertThat(problems(Fixtures.goodRecord("pg15", 15), Fixtures.tests(),
                    Fixtures.conformance(Status.PASSED, Status.SKIPPED)))
                    .contains("zero integration tests executed")
                    .anyMatch(p -> p.startsWith("required test class ") && p.endsWith(" did not run"));
        }

        @Test
        @DisplayName("a required test class did not run, or skipped a test, or failed outside any test")
        void requiredClass() {
            List<LiveRunReport.TestClass> classes = new java.util.ArrayList<>(Fixtures.goodTests().classes());
            classes.remove(classes.size() - 1);
            assertThat(problems(Fixtures.goodRecord("pg15", 15), Fixtures.tests(classes.toArray(
                    LiveRunReport.TestClass[]::new)), Fixtures.conformance(Status.PASSED, Status.SKIPPED)))
                    .containsExactly("required test class " + LAST + " did not run");
            classes.add(new LiveRunReport.TestClass(LAST, 10, 0, 0, 1));
            assertThat(problems(Fixtures.goodRecord("pg15", 15), Fixtures.tests(classes.toArray(
                    LiveRunReport.TestClass[]::new)), Fixtures.conformance(Status.PASSED, Status.SKIPPED)))
                    .contains("1 integration test(s) skipped",
                            "required test class " + LAST + " ran 10 test(s): 0 failed, 0 in error, 1 skipped");
            classes.set(classes.size() - 1, new LiveRunReport.TestClass(LAST, 10, 0, 1, 0));
            assertThat(problems(Fixtures.goodRecord("pg15", 15), Fixtures.tests(classes.toArray(
                    LiveRunReport.TestClass[]::new)), Fixtures.conformance(Status.PASSED, Status.SKIPPED)))
                    .contains("0 integration test(s) failed and 1 in error");
        }

        @Test
        @DisplayName("a test of a class that is not required was skipped")
        void skippedElsewhere() {
            List<LiveRunReport.TestClass> classes = new java.util.ArrayList<>(Fixtures.goodTests().classes());
            classes.add(new LiveRunReport.TestClass("dev.tau4j.verify.LiveDatabaseIT", 3, 0, 0, 1));
            assertThat(problems(Fixtures.goodRecord("pg15", 15), Fixtures.tests(classes.toArray(
                    LiveRunReport.TestClass[]::new)), Fixtures.conformance(Status.PASSED, Status.SKIPPED)))
                    .containsExactly("1 integration test(s) skipped");
        }

        @Test
        @DisplayName("the conformance report is missing, a required case was skipped, or an optional case failed")
        void conformance() {
            assertThat(problems(Fixtures.goodRecord("pg15", 15), Fixtures.goodTests(), null))
                    .containsExactly("no conformance report (" + FILE + ")");
            assertThat(problems(Fixtures.goodRecord("pg15", 15), Fixtures.goodTests(),
                    Fixtures.conformance(Status.SKIPPED, Status.SKIPPED)))
                    .containsExactly("required case C-03 (usage summary persists) is skipped: why");
            assertThat(problems(Fixtures.goodRecord("pg15", 15), Fixtures.goodTests(),
                    Fixtures.conformance(Status.PASSED, Status.FAILED))).containsExactly(
                    "optional case C-57 (NUL in every message field round-trips exactly) is failed:"
                            + " not supported by this backend");
        }

        @Test
        @DisplayName("the provider failed, teardown did not run or failed, or the server is another major")
        void database() {
            ExecutionRecord good = Fixtures.goodRecord("pg15", 15);
            assertThat(problems(ExecutionRecord.starting("pg15", 15).withFailure(List.of(), "No PostgreSQL could be"
                    + " provisioned.", null, null), Fixtures.tests(), null)).startsWith(
                    "provider failure: No PostgreSQL could be provisioned.", "zero integration tests executed");
            assertThat(problems(good.withTeardown(0, ExecutionRecord.NOT_RUN), Fixtures.goodTests(),
                    Fixtures.conformance(Status.PASSED, Status.SKIPPED))).containsExactly("teardown did not run");
            assertThat(problems(good.withTeardown(5, "failed: still up"), Fixtures.goodTests(),
                    Fixtures.conformance(Status.PASSED, Status.SKIPPED))).containsExactly("teardown failed: still up");
            assertThat(problems(Fixtures.goodRecord("pg18", 18, 15), Fixtures.goodTests(),
                    Fixtures.conformance(Status.PASSED, Status.SKIPPED)))
                    .containsExactly("PostgreSQL 18 was requested but the server is 15.6");
        }

        @Test
        @DisplayName("a smoke step is missing or failed, or the smoke did not run")
        void smoke() {
            SmokeEvidence good = Fixtures.goodSmoke("pg15");
            List<SmokeEvidence.Step> steps = new java.util.ArrayList<>(good.steps());
            steps.remove(1);
            SmokeEvidence missing = new SmokeEvidence("pg15", SmokeEvidence.PASSED, "", null, 1L, steps, List.of());
            assertThat(missing.problems("pg15")).containsExactly("smoke step list-open is missing");
            steps.add(new SmokeEvidence.Step("list-open", "GET", "/api/cases", "200", "503", "", 3, false, "down"));
            SmokeEvidence failed = new SmokeEvidence("pg15", SmokeEvidence.PASSED, "", null, 1L, steps, List.of());
            assertThat(failed.problems("pg15")).containsExactly(
                    "smoke step list-open failed: GET /api/cases expected 200, got 503: down");
            assertThat(SmokeEvidence.notRun("pg15", "the cases smoke did not run").problems("pg15"))
                    .containsExactly("the cases smoke did not run: the cases smoke did not run");
        }

        @Test
        @DisplayName("a fault check is missing or failed, or the checks did not run")
        void faults() {
            FaultEvidence good = Fixtures.goodFaults("pg15");
            List<FaultEvidence.Check> checks = new java.util.ArrayList<>(good.checks());
            checks.remove(0);
            assertThat(new FaultEvidence("pg15", FaultEvidence.PASSED, "", null, 1L, checks, List.of())
                    .problems("pg15", false)).containsExactly("fault check crash is missing");
            checks.add(new FaultEvidence.Check("crash", FaultEvidence.NOT_APPLICABLE, "no binaries", 1, null));
            assertThat(new FaultEvidence("pg15", FaultEvidence.PASSED, "", null, 1L, checks, List.of())
                    .problems("pg15", false)).hasSize(1).allMatch(p -> p.startsWith("fault check crash is not_applicable"));
            assertThat(new FaultEvidence("pg15", FaultEvidence.PASSED, "", null, 1L, checks, List.of())
                    .problems("pg15", true)).isEmpty();
            assertThat(FaultEvidence.notRun("pg15", "none").problems("pg15", false))
                    .containsExactly("the fault checks did not run: none");
        }
    }
}
