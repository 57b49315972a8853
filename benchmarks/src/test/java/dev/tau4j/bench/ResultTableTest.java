package dev.tau4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ResultTable turns JMH's JSON into Markdown")
class ResultTableTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @DisplayName("throughput in operations per second, whatever the unit of the run")
    void throughput() throws IOException {
        assertThat(markdown("jmh-result-sample.json"))
                .contains("| benchmark | backend | threads | ops/s | ± (99.9 %) |")
                .contains("| appendToOneSession | postgres | 1 | 1,500 | 250 |");
    }

    @Test
    @DisplayName("sample time as microsecond percentiles; a missing error reads n/a")
    void latency() throws IOException {
        assertThat(markdown("jmh-result-sample.json"))
                .contains("| benchmark | backend | threads | p50 | p90 | p99 | p99.9 | max |")
                .contains("| appendToOneSession | memory | 8 | 2.0 | 3.0 | 4.0 | 12.5 | 1,500.0 |");
    }

    @Test
    @DisplayName("the run's settings come first")
    void settings() throws IOException {
        assertThat(markdown("jmh-result-sample.json")).startsWith(
                "JMH 1.37, JDK 17.0.15 (OpenJDK 64-Bit Server VM 17.0.15+6), forks 1, warmup 2 × 3 s,"
                        + " measurement 3 × 5 s.\n");
    }

    @Test
    @DisplayName("an empty result file says so")
    void empty() throws IOException {
        assertThat(ResultTable.markdown(JSON.readTree("[]"))).isEqualTo("No benchmark results.\n");
    }

    @Test
    @DisplayName("time units convert both ways")
    void units() {
        assertThat(ResultTable.perSecond("ops/us")).isEqualTo(1e6);
        assertThat(ResultTable.perSecond("ops/min")).isEqualTo(1.0 / 60);
        assertThat(ResultTable.micros("ns/op")).isEqualTo(1e-3, Offset.offset(1e-12));
        assertThat(ResultTable.micros("ms/op")).isEqualTo(1e3);
        assertThatThrownBy(() -> ResultTable.micros("fortnight/op")).isInstanceOf(IllegalArgumentException.class);
    }

    private static String markdown(String resource) throws IOException {
        try (InputStream in = ResultTableTest.class.getResourceAsStream("/" + resource)) {
            return ResultTable.markdown(JSON.readTree(in));
        }
    }
}
