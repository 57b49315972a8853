package dev.tau4j.verify;

import static org.junit.platform.engine.discovery.ClassNameFilter.includeClassNamePatterns;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import dev.tau4j.postgres.PostgresUrl;
import dev.tau4j.session.conformance.ConformanceReport;
import dev.tau4j.session.conformance.SessionStoreConformanceKit;
import dev.tau4j.testing.PostgresSettings;
import dev.tau4j.testing.PostgresSettings.EnvironmentUrl;
import dev.tau4j.testing.ProviderAttempt;
import dev.tau4j.testing.ProvisioningException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The live verification as one program: for each PostgreSQL major it provisions a database (the provider
 * chain of {@code tau4j-testing}), runs the live test classes ({@code dev.tau4j.verify.*IT}) in process with
 * the JUnit Platform Launcher, tears the database down, and keeps every result in memory; then it writes
 * {@code live-run.json} and {@code live-run.md} and exits 0 only when everything held (see
 * {@link #problems}). {@code mvn verify -Plive} runs it, and so does {@code java -jar tau4j-verify.jar}.
 */
@Command(name = "tau4j-verify", mixinStandardHelpOptions = true, description = {
        "Runs the tau4j conformance kit, the cases smoke and the fault checks against PostgreSQL and writes the"
                + " evidence; exits 0 only when everything held.",
        "The database is --url (its password from PGPASSWORD, TAU4J_DATABASE_PASSWORD or --password-file), else"
                + " TAU4J_TEST_POSTGRES_URL / TAU_TEST_POSTGRES_DSN, else a Testcontainers container, else embedded"
                + " binaries."})
public final class LiveVerifier implements Callable<Integer> {

    /**
     * The test classes every execution must run, each with at least one test and every test passed; add a
     * live test class here to make it required (every {@code *IT} class of the package runs either way).
     */
    public static final List<String> REQUIRED_TEST_CLASSES = List.of(
            "dev.tau4j.verify.PostgresSessionStoreConformanceIT",
            "dev.tau4j.verify.PostgresChatMemoryStoreIT",
            "dev.tau4j.verify.PostgresChatMemoryRepositoryIT",
            "dev.tau4j.verify.PostgresCaseRepositoryContractIT",
            "dev.tau4j.verify.CasesGateIT",
            "dev.tau4j.verify.SessionToolboxPostgresIT",
            "dev.tau4j.verify.PostgresSessionRulesIT",
            "dev.tau4j.verify.FaultsIT");

    /** Environment variables a password for {@code --url} may come from, in this order. */
    static final List<String> PASSWORD_VARIABLES = List.of("PGPASSWORD", "TAU4J_DATABASE_PASSWORD");

    @Option(names = "--url", description = "the database (libpq or JDBC form) without a password; it is never"
            + " replaced by another one")
    String url;

    @Option(names = "--password-file", description = "a file holding the password of --url")
    Path passwordFile;

    @Option(names = "--majors", split = ",", defaultValue = "15,18",
            description = "the PostgreSQL majors to start when no database is given (default: ${DEFAULT-VALUE})")
    List<Integer> majors;

    @Option(names = "--binaries-dir", description = "where the embedded PostgreSQL binary jars are")
    Path binariesDirectory;

    @Option(names = "--evidence-dir", defaultValue = "target/evidence",
            description = "where live-run.json and live-run.md go (default: ${DEFAULT-VALUE})")
    Path evidenceDirectory;

    @Option(names = "--reported-command", hidden = true, description = "the command named in the report")
    String reportedCommand;

    private final Map<String, String> environment;

    LiveVerifier(Map<String, String> environment) {
        this.environment = environment;
    }

    /** Runs the verification; the exit code is 0 for PASS, 1 for FAIL, 2 for a usage error. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new LiveVerifier(System.getenv())).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        PostgresSettings base = settings();
        List<String> hidden = hiddenValues(base);
        UnaryOperator<String> redactor = text -> {
            String result = text;
            for (String value : hidden) {
                result = result.replace(value, "***");
            }
            return result;
        };
        List<LiveRunReport.Execution> executions = new ArrayList<>();
        for (int major : majors) {
            executions.add(execute(new LiveSettings("pg" + major, base.withMajor(major)), redactor));
        }
        LiveRunReport report = LiveRunReport.of(Instant.now().toString(), gitCommit(), reportedCommand == null
                ? "java -jar tau4j-verify.jar" : reportedCommand, executions, majors.isEmpty()
                ? List.of("no execution to check") : List.of());
        report.write(evidenceDirectory, redactor);
        StringBuilder text = new StringBuilder("[tau4j live] evidence: " + evidenceDirectory.resolve(
                LiveRunReport.JSON_FILE) + " and " + LiveRunReport.MARKDOWN_FILE + "\n");
        for (LiveRunReport.Execution e : executions) {
            text.append("[tau4j live] ").append(e.id()).append(": ").append(e.verdict()).append(" (")
                    .append(e.database().provider()).append(", PostgreSQL ").append(e.database().serverVersion())
                    .append("); ").append(e.integrationTests().completed()).append(" tests; smoke ")
                    .append(e.smokeEvidence().status()).append("; faults ").append(e.faults().status()).append('\n');
        }
        report.problems().forEach(p -> text.append("[tau4j live] problem: ").append(p).append('\n'));
        text.append("[tau4j live] verdict: ").append(report.verdict()).append(", exit code ").append(report.exitCode());
        (report.exitCode() == 0 ? System.out : System.err).println(redactor.apply(text.toString()));
        return report.exitCode();
    }

    /** The chain's settings: system properties, the environment, and {@code --url} with its password. */
    PostgresSettings settings() throws IOException {
        PostgresSettings resolved = PostgresSettings.resolve(environment, System.getProperties());
        Path binaries = binariesDirectory == null ? resolved.binariesDirectory() : binariesDirectory;
        Optional<EnvironmentUrl> given = resolved.environmentUrl();
        if (url != null) {
            PostgresUrl parsed = PostgresUrl.parse(url);
            if (parsed.password() != null) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--url must not hold the password:"
                        + " put it in " + String.join(" or ", PASSWORD_VARIABLES) + ", or in --password-file");
            }
            String password = password().orElse(null);
            given = Optional.of(new EnvironmentUrl("--url", Optional.of(PostgresUrl.of(parsed.host(), parsed.port(),
                    parsed.database(), parsed.user(), password, parsed.parameters())), Optional.empty()));
        }
        return new PostgresSettings(resolved.major(), given, binaries, resolved.startTimeout(),
                resolved.givenUrlTimeout());
    }

    private Optional<String> password() throws IOException {
        if (passwordFile != null) {
            return Optional.of(Files.readString(passwordFile, StandardCharsets.UTF_8).strip());
        }
        return PASSWORD_VARIABLES.stream().map(environment::get).filter(v -> v != null && !v.isEmpty()).findFirst();
    }

    /** What no output may show: the raw URL values of the environment and every password. */
    private List<String> hiddenValues(PostgresSettings settings) {
        List<String> hidden = new ArrayList<>();
        Stream.of(PostgresSettings.URL_VARIABLE, PostgresSettings.TAU_DSN_VARIABLE).map(environment::get)
                .filter(v -> v != null && !v.isBlank()).forEach(v -> hidden.add(v.strip()));
        settings.environmentUrl().flatMap(EnvironmentUrl::url).map(PostgresUrl::password)
                .filter(p -> !p.isEmpty()).ifPresent(hidden::add);
        return hidden;
    }

    /** One execution: provision, run every live test class in process, tear down, decide. */
    private LiveRunReport.Execution execute(LiveSettings settings, UnaryOperator<String> redactor) throws IOException {
        String id = settings.executionId();
        Path reports = evidenceDirectory.resolve("conformance").resolve(id);
        deleteRecursively(reports); // an earlier run's report must never count
        System.setProperty(SessionStoreConformanceKit.REPORT_DIR_PROPERTY, reports.toString());
        ExecutionRecord record = ExecutionRecord.starting(id, settings.major());
        LiveRunReport.Tests tests = new LiveRunReport.Tests(0, 0, 0, 0, List.of());
        Optional<LiveRun> run = Optional.empty();
        try {
            run = Optional.of(LiveRun.start(settings));
        } catch (RuntimeException e) {
            List<ProviderAttempt> attempts = e instanceof ProvisioningException p ? p.attempts() : List.of();
            Optional<EnvironmentUrl> given = settings.postgres().environmentUrl();
            record = record.withFailure(attempts, redactor.apply((e instanceof ProvisioningException ? ""
                    : e.getClass().getSimpleName() + ": ") + e.getMessage()), given.isPresent() ? Boolean.TRUE : null,
                    given.flatMap(EnvironmentUrl::url).map(PostgresUrl::masked).orElse(null));
        }
        if (run.isPresent()) {
            LiveRun.current(run.get());
            try {
                tests = runTestClasses();
            } finally {
                LiveRun.current(null);
                run.get().close();
            }
            record = run.get().record();
        }
        Path file = SessionStoreConformanceKit.reportDirectoryOf(reports, REQUIRED_TEST_CLASSES.get(0))
                .resolve(ConformanceReport.JSON_FILE);
        ConformanceReport conformance = null;
        List<String> problems = new ArrayList<>();
        try {
            conformance = Files.isRegularFile(file) ? ConformanceReport.read(file) : null;
        } catch (RuntimeException e) {
            problems.add("unreadable conformance report: " + e.getMessage());
        }
        SmokeEvidence smoke = run.flatMap(LiveRun::smoke).orElse(SmokeEvidence.notRun(id, "nothing was recorded"));
        FaultEvidence faults = run.flatMap(LiveRun::faults)
                .orElse(FaultEvidence.notRun(id, "nothing was recorded"));
        List<String> smokeProblems = smoke.problems(id);
        List<String> faultProblems = faults.problems(id, Boolean.TRUE.equals(record.givenByUrl()));
        problems.addAll(problems(record, tests, conformance, file));
        problems.addAll(smokeProblems);
        problems.addAll(faultProblems);
        return new LiveRunReport.Execution(id, problems.isEmpty() ? "PASS" : "FAIL", record.requestedMajor(),
                LiveRunReport.Database.of(record), new LiveRunReport.Durations(record.provisionMs(), record.migrateMs(),
                record.kitMs(), record.teardownMs()), record.migrations(), record.teardown(), tests, conformance,
                LiveRunReport.Faults.of(faults, faultProblems), problems, smoke, smokeProblems);
    }

    /**
     * What keeps an execution's database, tests and conformance from passing (the smoke and the fault checks
     * say their own); empty when they pass. Fails closed: what is missing counts as failed.
     */
    static List<String> problems(ExecutionRecord record, LiveRunReport.Tests tests, ConformanceReport conformance,
                                 Path conformanceFile) {
        List<String> problems = new ArrayList<>();
        if (ExecutionRecord.PROVIDER_FAILED.equals(record.status())) {
            problems.add("provider failure: " + record.failure());
        } else if (!ExecutionRecord.READY.equals(record.status())) {
            problems.add("provisioning never finished (status " + record.status() + ")");
        } else {
            if (!Boolean.TRUE.equals(record.givenByUrl()) && record.serverMajor() != null
                    && record.serverMajor() != record.requestedMajor()) {
                problems.add("PostgreSQL " + record.requestedMajor() + " was requested but the server is "
                        + record.serverVersion());
            }
            if (!ExecutionRecord.DONE.equals(record.teardown())) {
                problems.add(ExecutionRecord.NOT_RUN.equals(record.teardown()) ? "teardown did not run"
                        : "teardown " + record.teardown());
            }
        }
        if (tests.completed() == 0) {
            problems.add("zero integration tests executed");
        }
        if (tests.failures() > 0 || tests.errors() > 0) {
            problems.add(tests.failures() + " integration test(s) failed and " + tests.errors() + " in error");
        }
        if (tests.skipped() > 0) {
            problems.add(tests.skipped() + " integration test(s) skipped");
        }
        for (String name : REQUIRED_TEST_CLASSES) {
            Optional<LiveRunReport.TestClass> ran = tests.classes().stream().filter(c -> c.name().equals(name)).findFirst();
            if (ran.isEmpty()) {
                problems.add("required test class " + name + " did not run");
            } else if (!ran.get().passed()) {
                LiveRunReport.TestClass c = ran.get();
                problems.add("required test class " + name + " ran " + c.tests() + " test(s): " + c.failures()
                        + " failed, " + c.errors() + " in error, " + c.skipped() + " skipped");
            }
        }
        if (conformance == null) {
            problems.add("no conformance report (" + conformanceFile + ")");
        } else if (!conformance.conforms()) {
            if (conformance.cases().isEmpty()) {
                problems.add("the conformance report lists no case");
            }
            conformance.cases().stream().filter(c -> c.required() ? c.status() != ConformanceReport.Status.PASSED
                    : c.status() == ConformanceReport.Status.FAILED).forEach(c -> problems.add((c.required()
                    ? "required" : "optional") + " case " + c.id() + " (" + c.name() + ") is " + c.status().wireName()
                    + (c.reason() == null || c.reason().isBlank() ? "" : ": " + c.reason())));
        }
        return problems;
    }

    /** Runs every {@code *IT} class of this package, in process, counting each top-level class's tests. */
    private static LiveRunReport.Tests runTestClasses() {
        ClassResults results = new ClassResults();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectPackage(LiveVerifier.class.getPackageName()))
                .filters(includeClassNamePatterns(".*IT")).build(), results);
        return results.tests();
    }

    /** Counts, per top-level test class, its tests and how they ended, as Failsafe did. */
    static final class ClassResults implements TestExecutionListener {
        private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("dev.tau4j.verify");
        private final Map<String, long[]> counts = new LinkedHashMap<>(); // tests, failures, errors, skipped
        private final Map<TestIdentifier, Long> started = new java.util.concurrent.ConcurrentHashMap<>();
        private TestPlan plan;

        @Override
        public void testPlanExecutionStarted(TestPlan testPlan) {
            plan = testPlan;
        }

        @Override
        public synchronized void executionSkipped(TestIdentifier id, String reason) {
            count(id).ifPresent(c -> {
                c[0]++;
                c[3]++;
            });
        }

        @Override
        public void executionStarted(TestIdentifier id) {
            started.put(id, System.nanoTime());
        }

        @Override
        public synchronized void executionFinished(TestIdentifier id, TestExecutionResult result) {
            Long start = started.remove(id);
            if (start != null && (id.isTest() || id.getSource().filter(ClassSource.class::isInstance).isPresent())) {
                LOG.info("{} {}: {} ms", id.isTest() ? "test" : "class", id.isTest() ? id.getUniqueId()
                        : id.getDisplayName(), java.time.Duration.ofNanos(System.nanoTime() - start).toMillis());
            }
            Optional<long[]> c = count(id);
            if (c.isEmpty()) {
                return;
            }
            boolean failed = result.getStatus() == TestExecutionResult.Status.FAILED;
            boolean assertion = result.getThrowable().filter(AssertionError.class::isInstance).isPresent();
            if (id.isTest()) {
                c.get()[0]++;
                c.get()[failed ? (assertion ? 1 : 2) : 3] += result.getStatus()
                        == TestExecutionResult.Status.SUCCESSFUL ? 0 : 1;
            } else if (failed) {
                c.get()[2]++; // a failure outside any test (a class that could not start, a kit that did not conform)
            }
        }

        private Optional<long[]> count(TestIdentifier id) {
            TestIdentifier top = id;
            while (plan.getParent(top).flatMap(plan::getParent).isPresent()) {
                top = plan.getParent(top).orElseThrow();
            }
            return top.getSource().filter(ClassSource.class::isInstance).map(s -> ((ClassSource) s).getClassName())
                    .map(name -> counts.computeIfAbsent(name, k -> new long[4]));
        }

        synchronized LiveRunReport.Tests tests() {
            List<LiveRunReport.TestClass> classes = counts.entrySet().stream().map(e -> new LiveRunReport.TestClass(
                    e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2], e.getValue()[3])).toList();
            return new LiveRunReport.Tests(classes.stream().mapToLong(LiveRunReport.TestClass::tests).sum(),
                    classes.stream().mapToLong(LiveRunReport.TestClass::failures).sum(),
                    classes.stream().mapToLong(LiveRunReport.TestClass::errors).sum(),
                    classes.stream().mapToLong(LiveRunReport.TestClass::skipped).sum(), classes);
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (Files.exists(directory)) {
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
    }

    /** {@code git rev-parse HEAD} in the working directory, or {@code unknown} (no checkout, no git). */
    static String gitCommit() {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "HEAD").redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String out;
            try (InputStream in = git.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            }
            if (!git.waitFor(10, TimeUnit.SECONDS)) {
                git.destroyForcibly();
                return "unknown";
            }
            return git.exitValue() == 0 && out.matches("[0-9a-f]{40,64}") ? out : "unknown";
        } catch (IOException | UncheckedIOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
