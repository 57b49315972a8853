package dev.tau4j.verify;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tau4j.session.conformance.ConformanceReport;
import dev.tau4j.testing.ProviderAttempt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The evidence of one live run, {@code live-run.json} (this record, mapped by Jackson) and
 * {@code live-run.md}: when and on which commit it ran, each execution's database, tests, conformance
 * report, durations, smoke and fault checks, and the verdict with its exit code. Everything written passes
 * through a redactor so no secret reaches the files.
 */
public record LiveRunReport(String report, String dateUtc, String gitCommit, String command, String verdict,
                            int exitCode, List<String> problems, List<Execution> executions,
                            List<MatrixRow> conformanceMatrix, Smoke smoke) {

    public static final String JSON_FILE = "live-run.json";
    public static final String MARKDOWN_FILE = "live-run.md";

    static final ObjectMapper JSON = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private static final String SMOKE_SUMMARY = "the cases HTTP API over real HTTP on the live PostgreSQL, once per"
            + " execution: create → list → decide → list (OPEN → DECIDED, read back from the database), then refused"
            + " requests that change nothing, UTF-8, and concurrent decides";

    /** Assembles the report; the verdict is PASS only when neither the run nor any execution has a problem. */
    public static LiveRunReport of(String dateUtc, String gitCommit, String command, List<Execution> executions,
                                   List<String> runProblems) {
        List<String> all = new ArrayList<>(runProblems);
        executions.forEach(e -> e.problems().forEach(p -> all.add(e.id() + ": " + p)));
        Map<String, MatrixRow> rows = new LinkedHashMap<>();
        for (Execution e : executions) {
            if (e.conformance() != null) {
                e.conformance().cases().forEach(c -> rows.computeIfAbsent(c.id(),
                        id -> new MatrixRow(id, c.name(), c.required(), new LinkedHashMap<>())));
            }
        }
        rows.values().forEach(row -> executions.forEach(e -> row.status().put(e.id(), e.conformance() == null
                ? "missing" : e.conformance().find(row.id()).map(c -> c.status().wireName()).orElse("missing"))));
        List<SmokeRun> runs = executions.stream().map(e -> SmokeRun.of(e.id(), e.smokeEvidence(), e.smokeProblems()))
                .toList();
        String smokeStatus = runs.stream().allMatch(r -> SmokeEvidence.NOT_RUN.equals(r.status())) ? SmokeEvidence.NOT_RUN
                : runs.stream().allMatch(r -> r.problems().isEmpty()) ? SmokeEvidence.PASSED : SmokeEvidence.FAILED;
        return new LiveRunReport("tau4j live verification", dateUtc, gitCommit, command, all.isEmpty() ? "PASS" : "FAIL",
                all.isEmpty() ? 0 : 1, all, executions, List.copyOf(rows.values()),
                new Smoke(smokeStatus, SMOKE_SUMMARY, SmokeEvidence.REQUIRED_STEPS, runs));
    }

    /** One execution (one PostgreSQL major): what it did and everything that keeps it from passing. */
    public record Execution(String id, String verdict, int requestedMajor, Database database, Durations durationsMs,
                            int schemasMigrated, String teardown, Tests integrationTests, ConformanceReport conformance,
                            Faults faults, List<String> problems,
                            @JsonIgnore SmokeEvidence smokeEvidence,
                            @JsonIgnore List<String> smokeProblems) {
    }

    /** The database of an execution; {@code note} only when it was given by URL. */
    public record Database(String status, String provider, String description,
                           @JsonInclude(JsonInclude.Include.NON_NULL) Boolean givenByUrl, String url,
                           String serverVersion, String version, @JsonInclude(JsonInclude.Include.NON_NULL) String note,
                           String failure, List<Attempt> attempts) {

        static Database of(ExecutionRecord r) {
            String note = Boolean.TRUE.equals(r.givenByUrl()) ? "a database URL was given: every execution"
                    + " uses that database (and never another); no PostgreSQL " + r.requestedMajor() + " was provisioned"
                    : null;
            return new Database(r.status(), r.provider(), r.providerDescription(), r.givenByUrl(), r.urlMasked(),
                    r.serverVersion(), r.version(), note, r.failure(), r.attempts().stream().map(a -> new Attempt(
                    a.provider(), a.outcome().name().toLowerCase(Locale.ROOT), a.detail())).toList());
        }
    }

    /** One provider the chain considered. */
    public record Attempt(String provider, String outcome, String detail) {
        @Override
        public String toString() {
            return provider + ": " + outcome.replace('_', ' ') + ": " + detail;
        }
    }

    /** Durations of an execution's phases, in ms ({@code null} when unknown). */
    public record Durations(Long provision, Long migrate, Long kit, Long teardown) {
    }

    /** The test classes an execution ran, as the JUnit Platform reported them. */
    public record Tests(long completed, long failures, long errors, long skipped, List<TestClass> classes) {
    }

    /** One top-level test class: its tests and how they ended (a failure outside a test counts as an error). */
    public record TestClass(String name, long tests, long failures, long errors, long skipped) {
        boolean passed() {
            return tests > 0 && failures == 0 && errors == 0 && skipped == 0;
        }
    }

    /** The fault checks of an execution, with their verdict. */
    public record Faults(String verdict, String status, String detail, List<String> requiredChecks, String database,
                         Long durationMs, List<FaultEvidence.Check> checks, List<String> output, List<String> problems) {
        static Faults of(FaultEvidence f, List<String> problems) {
            return new Faults(problems.isEmpty() ? "PASS" : "FAIL", f.status(), f.detail(), FaultEvidence.REQUIRED_CHECKS,
                    f.database(), f.durationMs(), f.checks(), f.output(), problems);
        }
    }

    /** The smoke of every execution. */
    public record Smoke(String status, String detail, List<String> requiredSteps, List<SmokeRun> runs) {
    }

    /** The smoke of one execution, with its verdict. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record SmokeRun(String execution, String verdict, String status, String detail, String database,
                           Long durationMs, List<SmokeEvidence.Step> steps, List<String> output, List<String> problems) {
        static SmokeRun of(String execution, SmokeEvidence s, List<String> problems) {
            return new SmokeRun(execution, problems.isEmpty() ? "PASS" : "FAIL", s.status(), s.detail(), s.database(),
                    s.durationMs(), s.steps(), s.output(), problems);
        }
    }

    /** One conformance case and its status under each execution ({@code missing} when it has none). */
    public record MatrixRow(String id, String name, boolean required, Map<String, String> status) {
    }

    /** Writes both files into {@code directory}, passing every character through {@code redactor}. */
    public void write(Path directory, UnaryOperator<String> redactor) {
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve(JSON_FILE), redactor.apply(JSON.writeValueAsString(this)) + "\n",
                    StandardCharsets.UTF_8);
            Files.writeString(directory.resolve(MARKDOWN_FILE), redactor.apply(toMarkdown()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the evidence into " + directory, e);
        }
    }

    /** The report as Markdown, for people. */
    public String toMarkdown() {
        StringBuilder md = new StringBuilder();
        md.append("# tau4j live verification: ").append(verdict).append("\n\n- Date (UTC): ").append(dateUtc)
                .append("\n- Git commit: `").append(gitCommit).append("`\n- Command: `").append(command)
                .append("`\n- Verdict: **").append(verdict).append("** (exit code ").append(exitCode).append(")\n");
        md.append("\n## Databases\n\n| execution | requested major | provider | server version | URL (password masked) |\n"
                + "|---|---|---|---|---|\n");
        for (Execution e : executions) {
            Database d = e.database();
            md.append("| ").append(e.id()).append(" | ").append(e.requestedMajor()).append(" | ")
                    .append(d.provider() == null ? "none" : d.provider()).append(" | ")
                    .append(d.serverVersion() == null ? "-" : d.serverVersion()).append(" | ")
                    .append(d.url() == null ? "-" : "`" + d.url() + "`").append(" |\n");
        }
        for (Execution e : executions) {
            md.append("\nProvider attempts for ").append(e.id()).append(":\n\n");
            int i = 1;
            for (Attempt a : e.database().attempts()) {
                md.append(i++).append(". ").append(cell(a.toString())).append('\n');
            }
            if (e.database().note() != null) {
                md.append('\n').append(e.database().note()).append(".\n");
            }
            if (e.database().failure() != null) {
                md.append("\nProvisioning failed:\n\n```\n").append(e.database().failure()).append("\n```\n");
            }
        }
        md.append("\n## Durations (ms)\n\n| execution | provision | migrate (schemas) | kit | teardown | teardown outcome |\n"
                + "|---|---|---|---|---|---|\n");
        for (Execution e : executions) {
            Durations d = e.durationsMs();
            md.append("| ").append(e.id()).append(" | ").append(ms(d.provision())).append(" | ").append(ms(d.migrate()))
                    .append(" (").append(e.schemasMigrated()).append(") | ").append(ms(d.kit())).append(" | ")
                    .append(ms(d.teardown())).append(" | ").append(cell(e.teardown())).append(" |\n");
        }
        md.append("\n## Integration tests\n\n| execution | completed | failures | errors | skipped |\n|---|---|---|---|---|\n");
        executions.forEach(e -> md.append("| ").append(e.id()).append(" | ").append(e.integrationTests().completed())
                .append(" | ").append(e.integrationTests().failures()).append(" | ").append(e.integrationTests().errors())
                .append(" | ").append(e.integrationTests().skipped()).append(" |\n"));
        md.append("\nTest classes (tests / failures / errors / skipped):\n\n| class |");
        executions.forEach(e -> md.append(' ').append(e.id()).append(" |"));
        md.append("\n|---|").append("---|".repeat(executions.size())).append('\n');
        for (String name : LiveVerifier.REQUIRED_TEST_CLASSES) {
            md.append("| ").append(name.substring(name.lastIndexOf('.') + 1)).append(" |");
            executions.forEach(e -> md.append(' ').append(e.integrationTests().classes().stream()
                    .filter(c -> c.name().equals(name)).findFirst().map(c -> c.tests() + " / " + c.failures() + " / "
                            + c.errors() + " / " + c.skipped()).orElse("did not run")).append(" |"));
            md.append('\n');
        }
        md.append("\n## Conformance\n\n");
        if (conformanceMatrix.isEmpty()) {
            md.append("No conformance report was produced.\n");
        } else {
            md.append("| case | name | required |");
            executions.forEach(e -> md.append(' ').append(e.id()).append(" |"));
            md.append("\n|---|---|---|").append("---|".repeat(executions.size())).append('\n');
            for (MatrixRow row : conformanceMatrix) {
                md.append("| ").append(row.id()).append(" | ").append(cell(row.name())).append(" | ")
                        .append(row.required() ? "yes" : "no").append(" |");
                executions.forEach(e -> md.append(' ').append(row.status().get(e.id())).append(" |"));
                md.append('\n');
            }
        }
        md.append("\n## Smoke\n\nStatus: **").append(smoke.status()).append("**: ").append(capitalized(SMOKE_SUMMARY))
                .append(". Required steps: ").append(SmokeEvidence.REQUIRED_STEPS.size()).append(".\n");
        for (SmokeRun s : smoke.runs()) {
            boolean ran = !SmokeEvidence.NOT_RUN.equals(s.status());
            section(md, s.execution(), s.problems(), ran, s.status(), s.detail(), s.database(), s.durationMs(),
                    "- Steps: " + s.steps().stream().filter(SmokeEvidence.Step::ok).count() + " of " + s.steps().size()
                    + " ok");
            if (!ran) {
                continue;
            }
            md.append("\n| # | step | request | expected | HTTP status | ms | result | checked | JSON excerpt |\n"
                    + "|---|---|---|---|---|---|---|---|---|\n");
            int i = 1;
            for (SmokeEvidence.Step step : s.steps()) {
                md.append("| ").append(i++).append(" | ").append(cell(step.id())).append(" | `").append(code(step.request()))
                        .append("` | ").append(cell(step.expected())).append(" | ").append(cell(step.httpStatus()))
                        .append(" | ").append(step.durationMs()).append(" | ").append(step.ok() ? "ok" : "**FAILED**")
                        .append(" | ").append(cell(step.detail())).append(" | ")
                        .append(step.excerpt().isEmpty() ? "" : "`" + code(step.excerpt()) + "`").append(" |\n");
            }
            rawOutput(md, "smoke", s.output());
        }
        md.append("\n## Faults\n\nThe session store and the cases API under faults, once per execution: `kill -9` of a"
                + " PostgreSQL under keyed session writers and keyed HTTP case creates and decides, replies lost after"
                + " the commit (an append, a usage record, a case create and a decide over HTTP), a silent network (the"
                + " store, and the cases server over HTTP), `build()` against a silent or closed port, a pool of one."
                + " Required checks: ").append(String.join(", ", FaultEvidence.REQUIRED_CHECKS)).append(".\n");
        for (Execution e : executions) {
            Faults f = e.faults();
            section(md, e.id(), f.problems(), !FaultEvidence.NOT_RUN.equals(f.status()), f.status(), f.detail(),
                    f.database(), f.durationMs(), null);
            if (FaultEvidence.NOT_RUN.equals(f.status())) {
                continue;
            }
            md.append("\n| check | result | ms | what it showed | figures |\n|---|---|---|---|---|\n");
            for (FaultEvidence.Check c : f.checks()) {
                StringBuilder figures = new StringBuilder();
                c.figures().forEach((name, value) -> figures.append(figures.length() == 0 ? "" : ", ").append(name)
                        .append('=').append(value));
                md.append("| ").append(cell(c.id())).append(" | ").append(c.passed() ? "passed" : "**" + c.status() + "**")
                        .append(" | ").append(c.durationMs()).append(" | ").append(cell(c.detail())).append(" | ")
                        .append(cell(figures.toString())).append(" |\n");
            }
            rawOutput(md, "fault checks", f.output());
        }
        md.append("\n## Verdict\n\n**").append(verdict).append("**, exit code ").append(exitCode).append(".\n");
        if (!problems.isEmpty()) {
            md.append("\nProblems:\n\n");
            problems.forEach(p -> md.append("- ").append(cell(p)).append('\n'));
        }
        return md.toString();
    }

    private static void section(StringBuilder md, String id, List<String> problems, boolean ran, String status,
                                String detail, String database, Long durationMs, String extra) {
        md.append("\n### ").append(id).append(": ").append(problems.isEmpty() ? "PASS" : "FAIL").append("\n\n");
        if (!ran) {
            md.append("Not run: ").append(cell(detail)).append('\n');
            return;
        }
        md.append("- Status: ").append(status).append(detail.isBlank() ? "" : " (" + cell(detail) + ")").append('\n');
        if (database != null) {
            md.append("- Database: ").append(cell(database)).append('\n');
        }
        md.append(extra == null ? "- Duration: " : extra + ", in ").append(ms(durationMs)).append(durationMs == null
                ? "" : " ms").append('\n');
        problems.forEach(p -> md.append("- Problem: ").append(cell(p)).append('\n'));
    }

    private static void rawOutput(StringBuilder md, String what, List<String> output) {
        md.append("\nRaw output of the ").append(what).append(" (").append(output.size()).append(" lines):\n\n```text\n");
        output.forEach(line -> md.append(line.replace("```", "'''")).append('\n'));
        md.append("```\n");
    }

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static String ms(Long value) {
        return value == null ? "-" : value.toString();
    }

    private static String code(String text) {
        return cell(text).replace('`', '\'');
    }

    private static String cell(String text) {
        return text == null ? "" : text.replace("\r", " ").replace("\n", " ").replace("|", "\\|");
    }
}
