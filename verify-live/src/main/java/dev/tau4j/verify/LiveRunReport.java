package dev.tau4j.verify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The evidence of one live run, {@code live-run.json} and {@code live-run.md}: when and on which commit
 * it ran, each execution's database (provider, server version, masked URL), its tests and conformance
 * cases, the durations of each phase, the smoke section, and the verdict with its exit code. Generated
 * by the run; everything written passes through a redactor so no secret reaches the files.
 *
 * @param date      when the gate ran
 * @param gitCommit {@code git rev-parse HEAD}, or {@code unknown}
 * @param command   the command that produced the run
 * @param executions one per PostgreSQL major, in run order
 * @param smoke     the cases smoke section
 * @param problems  run-wide problems (each execution also lists its own)
 */
public record LiveRunReport(Instant date, String gitCommit, String command, List<ExecutionEvidence> executions,
                            SmokeEvidence smoke, List<String> problems) {

    public static final String JSON_FILE = "live-run.json";
    public static final String MARKDOWN_FILE = "live-run.md";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public LiveRunReport {
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(gitCommit, "gitCommit");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(smoke, "smoke");
        executions = List.copyOf(executions);
        problems = List.copyOf(problems);
    }

    /** Every problem, run-wide first, then each execution's prefixed with its id. */
    public List<String> allProblems() {
        List<String> all = new ArrayList<>(problems);
        for (ExecutionEvidence execution : executions) {
            execution.problems().forEach(p -> all.add(execution.id() + ": " + p));
        }
        return all;
    }

    /** {@code PASS} when there is no problem at all, else {@code FAIL}. */
    public String verdict() {
        return allProblems().isEmpty() ? "PASS" : "FAIL";
    }

    /** The gate's exit code: 0 for PASS, 1 for FAIL. */
    public int exitCode() {
        return allProblems().isEmpty() ? 0 : 1;
    }

    /** Writes both files into {@code directory}, passing every character through {@code redactor}. */
    public void write(Path directory, UnaryOperator<String> redactor) {
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve(JSON_FILE), redactor.apply(toJson()), StandardCharsets.UTF_8);
            Files.writeString(directory.resolve(MARKDOWN_FILE), redactor.apply(toMarkdown()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the evidence into " + directory, e);
        }
    }

    /** The report as JSON. */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("report", "tau4j live verification");
        root.put("date_utc", DateTimeFormatter.ISO_INSTANT.format(date));
        root.put("git_commit", gitCommit);
        root.put("command", command);
        root.put("verdict", verdict());
        root.put("exit_code", exitCode());
        ArrayNode problemsNode = root.putArray("problems");
        allProblems().forEach(problemsNode::add);
        ArrayNode executionsNode = root.putArray("executions");
        for (ExecutionEvidence execution : executions) {
            executionsNode.add(executionJson(execution));
        }
        ArrayNode matrix = root.putArray("conformance_matrix");
        for (Map.Entry<String, ObjectNode> row : conformanceMatrix().entrySet()) {
            matrix.add(row.getValue());
        }
        ObjectNode smokeNode = root.putObject("smoke");
        smokeNode.put("status", smoke.status());
        smokeNode.put("detail", smoke.detail());
        ArrayNode steps = smokeNode.putArray("steps");
        for (SmokeEvidence.Step step : smoke.steps()) {
            ObjectNode s = steps.addObject();
            s.put("request", step.request());
            s.put("http_status", step.httpStatus());
            s.put("excerpt", step.excerpt());
        }
        try {
            return JSON.writeValueAsString(root) + System.lineSeparator();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private ObjectNode executionJson(ExecutionEvidence execution) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", execution.id());
        node.put("verdict", execution.passed() ? "PASS" : "FAIL");
        ExecutionRecord record = execution.record();
        ObjectNode database = node.putObject("database");
        if (record != null) {
            node.put("requested_major", record.requestedMajor());
            database.put("status", record.status());
            database.put("provider", record.provider());
            database.put("description", record.providerDescription());
            if (record.givenByUrl() != null) {
                database.put("given_by_url", record.givenByUrl());
            }
            database.put("url", record.urlMasked());
            database.put("server_version", record.serverVersion());
            database.put("version", record.version());
            if (Boolean.TRUE.equals(record.givenByUrl())) {
                database.put("note", givenUrlNote(record));
            }
            database.put("failure", record.failure());
            ArrayNode attempts = database.putArray("attempts");
            for (ProviderAttempt attempt : record.attempts()) {
                ObjectNode a = attempts.addObject();
                a.put("provider", attempt.provider());
                a.put("outcome", attempt.outcome().name().toLowerCase(java.util.Locale.ROOT));
                a.put("detail", attempt.detail());
            }
            ObjectNode durations = node.putObject("durations_ms");
            durations.put("provision", record.provisionMs());
            durations.put("migrate", record.migrateMs());
            durations.put("kit", record.kitMs());
            durations.put("teardown", record.teardownMs());
            node.put("schemas_migrated", record.migrations());
            node.put("teardown", record.teardown());
        }
        ObjectNode tests = node.putObject("integration_tests");
        if (execution.tests() != null) {
            tests.put("completed", execution.tests().completed());
            tests.put("failures", execution.tests().failures());
            tests.put("errors", execution.tests().errors());
            tests.put("skipped", execution.tests().skipped());
        }
        ObjectNode conformance = node.putObject("conformance");
        ConformanceResults results = execution.conformance();
        if (results != null) {
            conformance.put("kit_version", results.kitVersion());
            conformance.put("backend", results.backend());
            conformance.put("passed", results.passed());
            conformance.put("failed", results.failed());
            conformance.put("skipped", results.skipped());
            ArrayNode cases = conformance.putArray("cases");
            for (ConformanceResults.Case c : results.cases()) {
                ObjectNode n = cases.addObject();
                n.put("id", c.id());
                n.put("name", c.name());
                n.put("required", c.required());
                n.put("status", c.status());
                n.put("reason", c.reason());
            }
        }
        ArrayNode problemsNode = node.putArray("problems");
        execution.problems().forEach(problemsNode::add);
        return node;
    }

    /** One row per case id (in first-seen order) with its status under each execution. */
    private Map<String, ObjectNode> conformanceMatrix() {
        Map<String, ObjectNode> rows = new LinkedHashMap<>();
        for (ExecutionEvidence execution : executions) {
            if (execution.conformance() == null) {
                continue;
            }
            for (ConformanceResults.Case c : execution.conformance().cases()) {
                rows.computeIfAbsent(c.id(), id -> {
                    ObjectNode row = JSON.createObjectNode();
                    row.put("id", c.id());
                    row.put("name", c.name());
                    row.put("required", c.required());
                    row.putObject("status");
                    return row;
                });
            }
        }
        for (ObjectNode row : rows.values()) {
            ObjectNode status = (ObjectNode) row.get("status");
            for (ExecutionEvidence execution : executions) {
                String value = execution.conformance() == null ? "missing"
                        : execution.conformance().find(row.get("id").asText())
                                .map(ConformanceResults.Case::status).orElse("missing");
                status.put(execution.id(), value);
            }
        }
        return rows;
    }

    /** The report as Markdown, for people. */
    public String toMarkdown() {
        String nl = "\n";
        StringBuilder md = new StringBuilder();
        md.append("# tau4j live verification: ").append(verdict()).append(nl).append(nl);
        md.append("- Date (UTC): ").append(DateTimeFormatter.ISO_INSTANT.format(date)).append(nl);
        md.append("- Git commit: `").append(gitCommit).append('`').append(nl);
        md.append("- Command: `").append(command).append('`').append(nl);
        md.append("- Verdict: **").append(verdict()).append("** (exit code ").append(exitCode()).append(')').append(nl);
        md.append(nl).append("## Databases").append(nl).append(nl);
        md.append("| execution | requested major | provider | server version | URL (password masked) |").append(nl);
        md.append("|---|---|---|---|---|").append(nl);
        for (ExecutionEvidence e : executions) {
            ExecutionRecord r = e.record();
            md.append("| ").append(e.id()).append(" | ")
                    .append(r == null ? "?" : String.valueOf(r.requestedMajor())).append(" | ")
                    .append(r == null || r.provider() == null ? "none" : r.provider()).append(" | ")
                    .append(r == null || r.serverVersion() == null ? "-" : r.serverVersion()).append(" | ")
                    .append(r == null || r.urlMasked() == null ? "-" : "`" + r.urlMasked() + "`").append(" |").append(nl);
        }
        for (ExecutionEvidence e : executions) {
            ExecutionRecord r = e.record();
            if (r == null) {
                continue;
            }
            md.append(nl).append("Provider attempts for ").append(e.id()).append(':').append(nl).append(nl);
            int i = 1;
            for (ProviderAttempt a : r.attempts()) {
                md.append(i++).append(". ").append(cell(a.toString())).append(nl);
            }
            if (Boolean.TRUE.equals(r.givenByUrl())) {
                String note = givenUrlNote(r);
                md.append(nl).append(Character.toUpperCase(note.charAt(0))).append(note.substring(1)).append('.')
                        .append(nl);
            }
            if (r.failure() != null) {
                md.append(nl).append("Provisioning failed:").append(nl).append(nl).append("```").append(nl)
                        .append(r.failure()).append(nl).append("```").append(nl);
            }
        }
        md.append(nl).append("## Durations (ms)").append(nl).append(nl);
        md.append("| execution | provision | migrate (schemas) | kit | teardown | teardown outcome |").append(nl);
        md.append("|---|---|---|---|---|---|").append(nl);
        for (ExecutionEvidence e : executions) {
            ExecutionRecord r = e.record();
            md.append("| ").append(e.id()).append(" | ");
            if (r == null) {
                md.append("- | - | - | - | - |").append(nl);
                continue;
            }
            md.append(ms(r.provisionMs())).append(" | ").append(ms(r.migrateMs())).append(" (")
                    .append(r.migrations()).append(") | ").append(ms(r.kitMs())).append(" | ")
                    .append(ms(r.teardownMs())).append(" | ").append(cell(r.teardown())).append(" |").append(nl);
        }
        md.append(nl).append("## Integration tests").append(nl).append(nl);
        md.append("| execution | completed | failures | errors | skipped |").append(nl);
        md.append("|---|---|---|---|---|").append(nl);
        for (ExecutionEvidence e : executions) {
            FailsafeSummary t = e.tests();
            md.append("| ").append(e.id()).append(" | ");
            md.append(t == null ? "no summary | - | - | -" : t.completed() + " | " + t.failures() + " | " + t.errors()
                    + " | " + t.skipped()).append(" |").append(nl);
        }
        md.append(nl).append("## Conformance").append(nl).append(nl);
        Map<String, ObjectNode> matrix = conformanceMatrix();
        if (matrix.isEmpty()) {
            md.append("No conformance report was produced.").append(nl);
        } else {
            md.append("| case | name | required |");
            executions.forEach(e -> md.append(' ').append(e.id()).append(" |"));
            md.append(nl).append("|---|---|---|");
            executions.forEach(e -> md.append("---|"));
            md.append(nl);
            for (ObjectNode row : matrix.values()) {
                md.append("| ").append(row.get("id").asText()).append(" | ").append(cell(row.get("name").asText()))
                        .append(" | ").append(row.get("required").asBoolean() ? "yes" : "no").append(" |");
                for (ExecutionEvidence e : executions) {
                    md.append(' ').append(row.get("status").get(e.id()).asText()).append(" |");
                }
                md.append(nl);
            }
        }
        md.append(nl).append("## Smoke").append(nl).append(nl);
        if (!smoke.ran()) {
            md.append("Not run in this build.").append(nl);
        } else {
            md.append("Status: ").append(smoke.status()).append(" (").append(smoke.detail()).append(')').append(nl);
            smoke.steps().forEach(s -> md.append("- `").append(s.request()).append("` → ").append(s.httpStatus())
                    .append(": `").append(cell(s.excerpt())).append('`').append(nl));
        }
        md.append(nl).append("## Verdict").append(nl).append(nl);
        md.append("**").append(verdict()).append("**, exit code ").append(exitCode()).append('.').append(nl);
        List<String> all = allProblems();
        if (!all.isEmpty()) {
            md.append(nl).append("Problems:").append(nl).append(nl);
            all.forEach(p -> md.append("- ").append(cell(p)).append(nl));
        }
        return md.toString();
    }

    private static String givenUrlNote(ExecutionRecord record) {
        return "a URL was given in the environment: every execution uses that database (and never another);"
                + " no PostgreSQL " + record.requestedMajor() + " was provisioned";
    }

    private static String ms(Long value) {
        return value == null ? "-" : value.toString();
    }

    private static String cell(String text) {
        return text == null ? "" : text.replace("\r", " ").replace("\n", " ").replace("|", "\\|");
    }
}
