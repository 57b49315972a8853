package dev.tau4j.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("live-run.json and live-run.md")
class LiveRunReportTest {

    @TempDir
    Path directory;

    private static LiveRunReport report(List<LiveRunReport.Execution> executions) {
        return LiveRunReport.of("2026-11-29T12:00:00Z", "0123456789abcdef0123456789abcdef01234567",
                "mvn -B verify -Plive", executions, List.of());
    }

    @Test
    @DisplayName("hold every field other tools read (the field list of the file before the live run became one program)")
    void everyField() throws Exception {
        LiveRunReport report = report(List.of(Fixtures.goodExecution("pg15", 15), Fixtures.goodExecution("pg18", 18)));
        report.write(directory, text -> text);
        JsonNode root = LiveRunReport.JSON.readTree(directory.resolve(LiveRunReport.JSON_FILE).toFile());
        TreeSet<String> fields = new TreeSet<>();
        collect(root, "", fields);
        TreeSet<String> expected = new TreeSet<>(Files.readAllLines(Path.of("src/test/resources/live-run-fields.txt"),
                StandardCharsets.UTF_8));
        expected.removeIf(String::isBlank);
        assertThat(fields).isEqualTo(expected);
        assertThat(root.get("verdict").asText()).isEqualTo("PASS");
        assertThat(root.get("exit_code").asInt()).isZero();
        assertThat(root.at("/conformance_matrix/0/status/pg18").asText()).isEqualTo("passed");
        assertThat(root.at("/executions/0/conformance/cases/3/status").asText()).isEqualTo("skipped");
        assertThat(root.at("/executions/1/database/attempts/2/outcome").asText()).isEqualTo("ready");
        assertThat(Files.readString(directory.resolve(LiveRunReport.MARKDOWN_FILE)))
                .contains("# tau4j live verification: PASS", "| C-03 | usage summary persists | yes | passed | passed |",
                        "### pg18: PASS");
    }

    @Test
    @DisplayName("say FAIL with exit code 1 and every problem, prefixed with its execution")
    void failed() {
        LiveRunReport.Execution good = Fixtures.goodExecution("pg15", 15);
        LiveRunReport.Execution bad = new LiveRunReport.Execution("pg18", "FAIL", 18, good.database(),
                good.durationsMs(), 0, ExecutionRecord.NOT_RUN, Fixtures.tests(), null, good.faults(),
                List.of("zero integration tests executed"), SmokeEvidence.notRun("pg18", "did not run"),
                List.of("the cases smoke did not run: did not run"));
        LiveRunReport report = report(List.of(good, bad));
        assertThat(report.verdict()).isEqualTo("FAIL");
        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(report.problems()).containsExactly("pg18: zero integration tests executed");
        assertThat(report.smoke().status()).isEqualTo(SmokeEvidence.FAILED);
        assertThat(report.conformanceMatrix()).allMatch(row -> row.status().get("pg18").equals("missing"));
    }

    @Test
    @DisplayName("pass every character through the redactor")
    void redacted() throws Exception {
        LiveRunReport report = report(List.of(Fixtures.goodExecution("pg15", 15)));
        report.write(directory, text -> text.replace("localhost:40123", "***"));
        for (String file : new String[] {LiveRunReport.JSON_FILE, LiveRunReport.MARKDOWN_FILE}) {
            assertThat(Files.readString(directory.resolve(file))).doesNotContain("localhost:40123").contains("***");
        }
    }

    private static void collect(JsonNode node, String path, TreeSet<String> fields) {
        if (node.isObject()) {
            if (path.endsWith(".figures")) {
                fields.add(path); // the checks' own measurements: free-form, named by each check
                return;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                collect(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey(), fields);
            }
        } else if (node.isArray()) {
            if (node.isEmpty()) {
                fields.add(path + "[]");
            }
            node.forEach(element -> collect(element, path + "[]", fields));
        } else {
            fields.add(path);
        }
    }
}
