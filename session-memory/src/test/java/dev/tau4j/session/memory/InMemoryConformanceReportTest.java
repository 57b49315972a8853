package dev.tau4j.session.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.tau4j.session.conformance.ConformanceReport;
import dev.tau4j.session.conformance.ConformanceReport.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** The in-memory binding writes a complete report in which every case passed. */
class InMemoryConformanceReportTest {

    @Test
    @DisplayName("the in-memory run writes a report listing C-02, C-03 and C-04 as passed, and every other case too")
    void reportIsWrittenAndComplete() throws IOException {
        Path directory = Path.of("target", "conformance", InMemorySessionStoreConformanceTest.class.getName());
        Files.deleteIfExists(directory.resolve(ConformanceReport.JSON_FILE));
        Files.deleteIfExists(directory.resolve(ConformanceReport.MARKDOWN_FILE));

        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(InMemorySessionStoreConformanceTest.class)).execute();
        results.containerEvents().assertStatistics(stats -> stats.failed(0));
        results.testEvents().assertStatistics(stats -> stats.failed(0).aborted(0).skipped(0));

        assertThat(directory.resolve(ConformanceReport.JSON_FILE)).isRegularFile();
        ConformanceReport report = ConformanceReport.read(directory);
        assertThat(report.backend()).isEqualTo("InMemorySessionStore");
        assertThat(report.kitVersion()).isNotBlank().isNotEqualTo("unknown");
        for (String id : new String[] {"C-02", "C-03", "C-04"}) {
            assertThat(report.find(id)).as(id).hasValueSatisfying(c -> {
                assertThat(c.status()).isEqualTo(Status.PASSED);
                assertThat(c.required()).isTrue();
                assertThat(c.reason()).isNull();
            });
        }
        assertThat(report.find("C-02").orElseThrow().name()).isEqualTo("round trip preserves lineage");
        assertThat(report.find("C-03").orElseThrow().name()).isEqualTo("usage summary persists");
        assertThat(report.find("C-04").orElseThrow().name()).isEqualTo("session paths are isolated");
        assertThat(report.cases()).allSatisfy(c -> assertThat(c.status()).as(c.id()).isEqualTo(Status.PASSED));
        assertThat(report.cases().size()).isGreaterThanOrEqualTo(43);
        assertThat(report.passed()).isEqualTo(report.cases().size());
        assertThat(report.failed()).isZero();
        assertThat(report.skipped()).isZero();
        assertThat(report.conforms()).isTrue();

        String markdown = Files.readString(directory.resolve(ConformanceReport.MARKDOWN_FILE), StandardCharsets.UTF_8);
        assertThat(markdown).contains("| C-02 | round trip preserves lineage | required | passed |");
    }
}
