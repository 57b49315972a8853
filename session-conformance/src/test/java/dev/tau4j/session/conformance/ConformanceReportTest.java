package dev.tau4j.session.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tau4j.session.conformance.ConformanceReport.CaseResult;
import dev.tau4j.session.conformance.ConformanceReport.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConformanceReportTest {

    private static final ConformanceReport REPORT = new ConformanceReport("1.2.3", "Some \"store\" | v2", List.of(
            new CaseResult("C-02", "round trip preserves lineage", true, Status.PASSED, null),
            new CaseResult("C-03", "usage summary persists", true, Status.FAILED,
                    "org.opentest4j.AssertionFailedError: expected 13\nbut was 0 | oops"),
            new CaseResult("C-57", "NUL in every message field round-trips exactly", false, Status.SKIPPED,
                    "declares capability NUL_IN_TEXT unsupported")), 1, 1, 1);

    @Test
    @DisplayName("a written report reads back equal, in the documented JSON shape")
    void roundTrip(@TempDir Path dir) throws IOException {
        Path file = ReportWriter.write(dir.resolve("nested/dir"), REPORT);
        assertThat(file.getFileName().toString()).isEqualTo(ConformanceReport.JSON_FILE);
        assertThat(ConformanceReport.read(file)).isEqualTo(REPORT);
        assertThat(ConformanceReport.read(file.getParent())).isEqualTo(REPORT);

        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertThat(json.fieldNames()).toIterable()
                .containsExactly("kit_version", "backend", "cases", "passed", "failed", "skipped");
        assertThat(json.get("cases").get(0).fieldNames()).toIterable()
                .containsExactly("id", "name", "required", "status", "reason");
        assertThat(json.get("cases").get(0).get("reason").isNull()).isTrue();
        assertThat(json.get("cases").get(1).get("status").asText()).isEqualTo("failed");
        assertThat(dir.resolve("nested/dir").toFile().list()).containsExactlyInAnyOrder(
                ConformanceReport.JSON_FILE, ConformanceReport.MARKDOWN_FILE);
    }

    @Test
    @DisplayName("a file that is not a report of the kit is refused, naming the file and what is wrong")
    void notAReport(@TempDir Path dir) throws IOException {
        Path file = ReportWriter.write(dir, REPORT);
        String json = Files.readString(file);
        Files.writeString(file, json.replace("\"kit_version\"", "\"version\""));
        assertThatThrownBy(() -> ConformanceReport.read(file))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(file.toString())
                .hasMessageContaining("kit_version");
        Files.writeString(file, json.replace("\"failed\",", "\"lost\","));
        assertThatThrownBy(() -> ConformanceReport.read(file))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lost");
        Files.writeString(file, json.replace("\"id\" : \"C-02\"", "\"id\" : null"));
        assertThatThrownBy(() -> ConformanceReport.read(file)).isInstanceOf(IllegalArgumentException.class);
        Files.writeString(file, "[1, 2]");
        assertThatThrownBy(() -> ConformanceReport.read(file)).isInstanceOf(IllegalArgumentException.class);
        Files.writeString(file, json.replace("{", "{\"written_by\" : \"a newer kit\", "));
        assertThat(ConformanceReport.read(file)).isEqualTo(REPORT);
        assertThatThrownBy(() -> ConformanceReport.read(dir.resolve("absent")))
                .isInstanceOf(java.io.UncheckedIOException.class);
    }

    @Test
    @DisplayName("writers running in parallel on one directory never share a temporary file and leave none behind")
    void parallelWriters(@TempDir Path dir) throws Exception {
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                ConformanceReport report = new ConformanceReport("1", "writer " + w, REPORT.cases(), 1, 1, 1);
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 50; i++) {
                        ReportWriter.write(dir, report);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(ConformanceReport.read(dir).backend()).startsWith("writer ");
        assertThat(dir.toFile().list()).containsExactlyInAnyOrder(
                ConformanceReport.JSON_FILE, ConformanceReport.MARKDOWN_FILE);
    }

    @Test
    @DisplayName("the Markdown twin is one table row per case, with cells kept on one line")
    void markdown(@TempDir Path dir) throws IOException {
        ReportWriter.write(dir, REPORT);
        String md = Files.readString(dir.resolve(ConformanceReport.MARKDOWN_FILE), StandardCharsets.UTF_8);
        assertThat(md).contains("Some \"store\" \\| v2")
                .contains("| C-02 | round trip preserves lineage | required | passed |  |")
                .contains("| C-03 | usage summary persists | required | failed | org.opentest4j.AssertionFailedError: "
                        + "expected 13 but was 0 \\| oops |")
                .contains("| C-57 | NUL in every message field round-trips exactly | optional | skipped |")
                .contains("NOT CONFORMING");
        assertThat(md.lines().filter(l -> l.startsWith("| C-"))).hasSize(3);
    }

    @Test
    @DisplayName("a report conforms only when every required case passed and nothing failed")
    void conforms() {
        assertThat(REPORT.conforms()).isFalse();
        assertThat(REPORT.requiredNotPassed()).extracting(CaseResult::id).containsExactly("C-03");
        ConformanceReport good = new ConformanceReport("1", "b", List.of(
                new CaseResult("C-02", "x", true, Status.PASSED, null),
                new CaseResult("C-57", "y", false, Status.SKIPPED, "unsupported")), 1, 0, 1);
        assertThat(good.conforms()).isTrue();
        ConformanceReport requiredSkipped = new ConformanceReport("1", "b", List.of(
                new CaseResult("C-02", "x", true, Status.SKIPPED, "did not run")), 0, 0, 1);
        assertThat(requiredSkipped.conforms()).isFalse();
        assertThat(new ConformanceReport("1", "b", List.of(), 0, 0, 0).conforms()).isFalse();
        assertThat(good.find("C-57")).map(CaseResult::status).hasValue(Status.SKIPPED);
        assertThat(good.find("C-99")).isEmpty();
    }

    @Test
    @DisplayName("the kit knows its own version from the filtered kit.properties")
    void kitVersion() {
        assertThat(KitVersion.get()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }
}
