package dev.tau4j.verify;

import dev.tau4j.postgres.PostgresUrl;
import dev.tau4j.session.conformance.ConformanceReport;
import dev.tau4j.session.conformance.ConformanceReport.CaseResult;
import dev.tau4j.session.conformance.ConformanceReport.Status;
import dev.tau4j.session.conformance.SessionStoreConformanceKit;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The last step of a live run: reads what each execution left behind (its evidence record, Failsafe's
 * summary, the conformance report, the cases smoke), writes {@code live-run.json} and {@code live-run.md},
 * and exits non-zero unless everything holds. It fails closed: a missing file counts as a failure, never
 * as a pass.
 *
 * <p>An execution passes only when its database was provisioned and torn down, at least one integration
 * test ran and none failed or was skipped, each of {@link #REQUIRED_TEST_CLASSES} ran and passed, the conformance report
 * exists, the contractual cases
 * {@link #CONTRACTUAL_CASES} are present and passed, every required case passed, the cases smoke ran,
 * says it passed, and holds every step of {@link SmokeEvidence#REQUIRED_STEPS}, none failed, and the
 * session-store fault checks ran, say they passed, and hold every check of
 * {@link FaultEvidence#REQUIRED_CHECKS} (see {@link FaultEvidence#problems}).
 *
 * <p>Usage: {@code LiveRunGate <target directory> <repository root> <execution id>...}; the files are
 * expected where {@link Layout} says.
 */
public final class LiveRunGate {

    /** The case ids of Tau's spec #2325; renaming or dropping one fails the run. */
    public static final List<String> CONTRACTUAL_CASES = List.of("C-02", "C-03", "C-04");

    /** The binding of the conformance kit to PostgreSQL; its report lies in the directory named after it. */
    public static final String CONFORMANCE_BINDING = "dev.tau4j.verify.PostgresSessionStoreConformanceIT";

    /**
     * The integration test classes every execution must run, each with at least one test and every test
     * passed; renaming one (so Failsafe no longer picks it up) or skipping its tests fails the run.
     */
    public static final List<String> REQUIRED_TEST_CLASSES = List.of(
            CONFORMANCE_BINDING,
            "dev.tau4j.verify.PostgresChatMemoryStoreIT",
            "dev.tau4j.verify.PostgresChatMemoryRepositoryIT",
            "dev.tau4j.verify.PostgresCaseRepositoryContractIT",
            "dev.tau4j.verify.CasesGateIT",
            "dev.tau4j.verify.SessionToolboxPostgresIT",
            "dev.tau4j.verify.FaultsIT");

    /** The command a live run is started with. */
    public static final String COMMAND = "mvn -B verify -Plive";

    private LiveRunGate() {
    }

    /** Where a live run's files are, under the module's build directory. */
    public record Layout(Path target) {

        public Layout {
            Objects.requireNonNull(target, "target");
        }

        /** {@code target/evidence}: the run's report. */
        public Path evidenceDirectory() {
            return target.resolve("evidence");
        }

        /** {@code target/evidence/<id>/execution.json}. */
        public Path record(String id) {
            return evidenceDirectory().resolve(id).resolve(ExecutionRecord.FILE_NAME);
        }

        /** {@code target/failsafe-reports/<id>/failsafe-summary.xml}. */
        public Path summary(String id) {
            return target.resolve("failsafe-reports").resolve(id).resolve("failsafe-summary.xml");
        }

        /** {@code target/conformance/<id>/<conformance binding class>/conformance-report.json}. */
        public Path conformance(String id) {
            return SessionStoreConformanceKit.reportDirectoryOf(target.resolve("conformance").resolve(id), CONFORMANCE_BINDING)
                    .resolve(ConformanceReport.JSON_FILE);
        }

        /** {@code target/failsafe-reports/<id>/TEST-<class>.xml}: one test class's report. */
        public Path testReport(String id, String testClass) {
            return target.resolve("failsafe-reports").resolve(id).resolve("TEST-" + testClass + ".xml");
        }

        /** {@code target/evidence/<id>/smoke.json}: what the cases smoke did. */
        public Path smoke(String id) {
            return evidenceDirectory().resolve(id).resolve(SmokeEvidence.FILE_NAME);
        }

        /** {@code target/evidence/<id>/faults.json}: what the session-store fault checks did. */
        public Path faults(String id) {
            return evidenceDirectory().resolve(id).resolve(FaultEvidence.FILE_NAME);
        }
    }

    public static void main(String[] args) {
        if (args.length < 3) {
            System.err.println("usage: LiveRunGate <target directory> <repository root> <execution id>...");
            System.exit(2);
        }
        int code = run(new Layout(Path.of(args[0])), Path.of(args[1]),
                Arrays.asList(args).subList(2, args.length), System.getenv());
        System.exit(code);
    }

    /**
     * Evaluates the run, writes the evidence and prints the verdict.
     *
     * @param environment read once, here, only to mask a database password should any text carry it
     * @return the exit code: 0 for PASS, 1 for FAIL
     */
    public static int run(Layout layout, Path repositoryRoot, List<String> executionIds,
                          Map<String, String> environment) {
        return run(layout, repositoryRoot, executionIds, environment, System.out, System.err);
    }

    /**
     * As {@link #run(Layout, Path, List, Map)}, printing the verdict to {@code out} on PASS and to
     * {@code err} on FAIL.
     */
    public static int run(Layout layout, Path repositoryRoot, List<String> executionIds,
                          Map<String, String> environment, PrintStream out, PrintStream err) {
        UnaryOperator<String> redactor = redactor(environment);
        LiveRunReport report = evaluate(layout, executionIds, gitCommit(repositoryRoot), Instant.now());
        report.write(layout.evidenceDirectory(), redactor);
        StringBuilder text = new StringBuilder();
        text.append("[tau4j live] evidence: ").append(layout.evidenceDirectory().resolve(LiveRunReport.JSON_FILE))
                .append(" and ").append(LiveRunReport.MARKDOWN_FILE).append(System.lineSeparator());
        for (ExecutionEvidence e : report.executions()) {
            ExecutionRecord r = e.record();
            text.append("[tau4j live] ").append(e.id()).append(": ").append(e.passed() ? "PASS" : "FAIL");
            if (r != null && r.provider() != null) {
                text.append(" (").append(r.provider()).append(", PostgreSQL ").append(r.serverVersion()).append(')');
            }
            SmokeEvidence smoke = e.smoke();
            text.append("; smoke ").append(smoke.status());
            if (smoke.ran()) {
                long ok = smoke.steps().stream().filter(SmokeEvidence.Step::ok).count();
                text.append(" (").append(ok).append('/').append(smoke.steps().size()).append(" steps ok");
                if (smoke.durationMs() != null) {
                    text.append(", ").append(smoke.durationMs()).append(" ms");
                }
                text.append(')');
            }
            FaultEvidence faults = e.faults();
            text.append("; faults ").append(faults.status());
            if (faults.ran()) {
                long passed = faults.checks().stream().filter(FaultEvidence.Check::passed).count();
                text.append(" (").append(passed).append('/').append(faults.checks().size()).append(" checks passed");
                if (faults.durationMs() != null) {
                    text.append(", ").append(faults.durationMs()).append(" ms");
                }
                text.append(')');
            }
            text.append(System.lineSeparator());
        }
        for (String problem : report.allProblems()) {
            text.append("[tau4j live] problem: ").append(problem).append(System.lineSeparator());
        }
        text.append("[tau4j live] verdict: ").append(report.verdict()).append(", exit code ")
                .append(report.exitCode());
        (report.exitCode() == 0 ? out : err).println(redactor.apply(text.toString()));
        return report.exitCode();
    }

    /** Evaluates every execution and assembles the report; reads files only. */
    public static LiveRunReport evaluate(Layout layout, List<String> executionIds, String gitCommit, Instant date) {
        List<String> problems = new ArrayList<>();
        if (executionIds.isEmpty()) {
            problems.add("no execution to check");
        }
        List<ExecutionEvidence> executions = new ArrayList<>();
        for (String id : executionIds) {
            executions.add(evaluateExecution(layout, id));
        }
        return new LiveRunReport(date, gitCommit, COMMAND, executions, problems);
    }

    /** Everything that is wrong with one execution, from the files it left behind. */
    public static ExecutionEvidence evaluateExecution(Layout layout, String id) {
        List<String> problems = new ArrayList<>();
        ExecutionRecord record = readRecord(layout.record(id), problems);
        if (record != null) {
            checkDatabase(record, problems);
        }
        FailsafeSummary tests = readSummary(layout.summary(id), problems);
        if (tests != null) {
            checkTests(tests, problems);
        }
        List<TestClassReport> testClasses = readTestClasses(layout, id, problems);
        ConformanceReport conformance = readConformance(layout.conformance(id), problems);
        if (conformance != null) {
            checkConformance(conformance, problems);
        }
        SmokeEvidence smoke = readEvidence(layout.smoke(id), "smoke evidence", "the cases smoke did not run",
                SmokeEvidence::read, why -> SmokeEvidence.notRun(id, why), problems);
        if (smoke.ran()) {
            problems.addAll(smoke.problems(id)); // when it did not run, the reason is already a problem
        }
        FaultEvidence faults = readEvidence(layout.faults(id), "fault evidence", "the fault checks did not run",
                FaultEvidence::read, why -> FaultEvidence.notRun(id, why), problems);
        if (faults.ran()) {
            problems.addAll(faults.problems(id, record != null && Boolean.TRUE.equals(record.givenByUrl())));
        }
        return new ExecutionEvidence(id, record, tests, testClasses, conformance, smoke, faults, problems);
    }

    private static ExecutionRecord readRecord(Path file, List<String> problems) {
        if (!Files.isRegularFile(file)) {
            problems.add("no database evidence (" + file + "): the live tests never started");
            return null;
        }
        try {
            return ExecutionRecord.read(file);
        } catch (IOException e) {
            problems.add("unreadable database evidence " + file + ": " + e.getMessage());
            return null;
        }
    }

    private static void checkDatabase(ExecutionRecord record, List<String> problems) {
        switch (record.status()) {
            case ExecutionRecord.PROVIDER_FAILED:
                problems.add("provider failure: " + record.failure());
                return;
            case ExecutionRecord.READY:
                break;
            default:
                problems.add("provisioning never finished (status " + record.status() + ")");
                return;
        }
        if (!Boolean.TRUE.equals(record.givenByUrl()) && record.serverMajor() != null
                && record.serverMajor() != record.requestedMajor()) {
            problems.add("PostgreSQL " + record.requestedMajor() + " was requested but the server is "
                    + record.serverVersion());
        }
        if (ExecutionRecord.NOT_RUN.equals(record.teardown())) {
            problems.add("teardown did not run");
        } else if (!ExecutionRecord.DONE.equals(record.teardown())) {
            problems.add("teardown " + record.teardown());
        }
    }

    private static FailsafeSummary readSummary(Path file, List<String> problems) {
        if (!Files.isRegularFile(file)) {
            problems.add("no Failsafe summary (" + file + "): the integration tests did not run");
            return null;
        }
        try {
            return FailsafeSummary.read(file);
        } catch (IOException e) {
            problems.add("unreadable Failsafe summary: " + e.getMessage());
            return null;
        }
    }

    private static void checkTests(FailsafeSummary tests, List<String> problems) {
        if (tests.completed() == 0) {
            problems.add("zero integration tests executed");
        }
        if (tests.failures() > 0 || tests.errors() > 0) {
            problems.add(tests.failures() + " integration test(s) failed and " + tests.errors() + " in error");
        }
        if (tests.skipped() > 0) {
            problems.add(tests.skipped() + " integration test(s) skipped");
        }
        if (tests.failureMessage() != null) {
            problems.add("Failsafe reported: " + tests.failureMessage());
        }
    }

    private static List<TestClassReport> readTestClasses(Layout layout, String id, List<String> problems) {
        List<TestClassReport> found = new ArrayList<>();
        for (String testClass : REQUIRED_TEST_CLASSES) {
            Path file = layout.testReport(id, testClass);
            if (!Files.isRegularFile(file)) {
                problems.add("required test class " + testClass + " did not run (no " + file.getFileName() + ")");
                continue;
            }
            TestClassReport report;
            try {
                report = TestClassReport.read(file);
            } catch (IOException e) {
                problems.add("unreadable test report of " + testClass + ": " + e.getMessage());
                continue;
            }
            found.add(report);
            if (!report.passed()) {
                problems.add("required test class " + testClass + " ran " + report.tests() + " test(s): "
                        + report.failures() + " failed, " + report.errors() + " in error, " + report.skipped()
                        + " skipped");
            }
        }
        return found;
    }

    private static ConformanceReport readConformance(Path file, List<String> problems) {
        if (!Files.isRegularFile(file)) {
            problems.add("no conformance report (" + file + ")");
            return null;
        }
        try {
            return ConformanceReport.read(file);
        } catch (RuntimeException e) {
            problems.add("unreadable conformance report: " + e.getMessage());
            return null;
        }
    }

    private static void checkConformance(ConformanceReport results, List<String> problems) {
        if (results.cases().isEmpty()) {
            problems.add("the conformance report lists no case");
        }
        for (String id : CONTRACTUAL_CASES) {
            Optional<CaseResult> found = results.find(id);
            if (found.isEmpty()) {
                problems.add("contractual case " + id + " is missing from the conformance report");
            } else if (found.get().status() != Status.PASSED) {
                problems.add("contractual case " + describe(found.get()));
            }
        }
        for (CaseResult c : results.cases()) {
            if (CONTRACTUAL_CASES.contains(c.id()) || c.status() == Status.PASSED) {
                continue;
            }
            if (c.required()) {
                problems.add("required case " + describe(c));
            } else if (c.status() != Status.SKIPPED) {
                problems.add("optional case " + describe(c));
            }
        }
        if (results.failed() > 0 && results.cases().stream().noneMatch(c -> c.status() == Status.FAILED)) {
            problems.add("the conformance report counts " + results.failed() + " failed case(s)");
        }
    }

    /** Reads evidence a test wrote itself; a missing or unreadable file is a problem and reads as not run. */
    private static <T> T readEvidence(Path file, String what, String missing, EvidenceReader<T> reader,
                                      java.util.function.Function<String, T> notRun, List<String> problems) {
        if (!Files.isRegularFile(file)) {
            String why = "no " + what + " (" + file + "): " + missing;
            problems.add(why);
            return notRun.apply(why);
        }
        try {
            return reader.read(file);
        } catch (IOException | RuntimeException e) {
            String why = "unreadable " + what + " " + file + ": " + e.getMessage();
            problems.add(why);
            return notRun.apply(why);
        }
    }

    @FunctionalInterface
    private interface EvidenceReader<T> {
        T read(Path file) throws IOException;
    }

    private static String describe(CaseResult c) {
        return c.id() + " (" + c.name() + ") is " + c.status().wireName()
                + (c.reason() == null || c.reason().isBlank() ? "" : ": " + c.reason());
    }

    /** {@code git rev-parse HEAD} in {@code repositoryRoot}, or {@code unknown}. */
    static String gitCommit(Path repositoryRoot) {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "HEAD").directory(repositoryRoot.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out;
            try (InputStream in = git.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            }
            if (!git.waitFor(10, TimeUnit.SECONDS)) {
                git.destroyForcibly();
                return "unknown";
            }
            return git.exitValue() == 0 && out.matches("[0-9a-f]{40,64}") ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /**
     * Masks what the environment's database URL could leak: its password, and the raw value itself
     * (which matters when the value could not be parsed).
     */
    static UnaryOperator<String> redactor(Map<String, String> environment) {
        List<String> hidden = new ArrayList<>();
        for (String variable : List.of(LiveSettings.URL_VARIABLE, LiveSettings.TAU_DSN_VARIABLE)) {
            String raw = environment.get(variable);
            if (raw != null && !raw.isBlank()) {
                hidden.add(raw.strip());
            }
        }
        LiveSettings.EnvironmentUrl.from(environment).flatMap(LiveSettings.EnvironmentUrl::url)
                .map(PostgresUrl::password)
                .filter(p -> !p.isEmpty())
                .ifPresent(hidden::add);
        return text -> {
            String result = text;
            for (String value : hidden) {
                result = result.replace(value, "***");
            }
            return result;
        };
    }
}
