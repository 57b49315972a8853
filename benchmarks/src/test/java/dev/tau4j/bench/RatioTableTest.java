package dev.tau4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("RatioTable compares each tau4j operation with its raw baseline")
class RatioTableTest {

    private static JsonNode results(String json) throws Exception {
        return new ObjectMapper().readTree(json.replace('\'', '"'));
    }

    private static String result(String method, String scores) {
        return "{'benchmark':'dev.tau4j.bench.LimitBenchmark." + method + "','mode':'avgt',"
                + "'primaryMetric':{'scoreUnit':'us/op','rawData':[[" + scores + "]]}}";
    }

    @Test
    @DisplayName("the ratio of the medians, its spread over every iteration pair, and the iteration counts")
    void ratios() throws Exception {
        String md = RatioTable.markdown(results("[" + result("appendOne_tau4j", "130,120,140,125,135") + ","
                + result("appendOne_raw", "100,90,110,100,100") + "," + result("lonely_tau4j", "1") + "]"));
        assertThat(md).contains("| operation | tau4j (median, us/op) | raw (median, us/op) | ratio | spread | iterations |")
                .contains("| appendOne | 130 | 100 | 1.30× | 1.09–1.56× | 5 / 5 |")
                .doesNotContain("lonely");
    }

    @Test
    @DisplayName("pgbench's rounds are a baseline of their own, beside the raw JDBC one")
    void pgbench() throws Exception {
        String md = RatioTable.markdown(results("[" + result("writers16_tau4j", "200,210,190") + ","
                + result("writers16_raw", "100,100,100") + "," + result("writers16_pgbench", "80,80,80") + "]"));
        assertThat(md).contains("| writers16 | 200 | 100 | 2.00× | 1.90–2.10× | 3 / 3 |")
                .contains("| writers16 vs pgbench | 200 | 80.00 | 2.50× | 2.38–2.63× | 3 / 3 |");
    }

    @Test
    @DisplayName("JMH parameters name the row")
    void parameters() throws Exception {
        String md = RatioTable.markdown(results("[" + result("page_tau4j", "150,150,150").replace("'mode'",
                "'params':{'size':'1000000'},'mode'") + "," + result("page_raw", "100,100,100").replace("'mode'",
                "'params':{'size':'1000000'},'mode'") + "]"));
        assertThat(md).contains("| page [size=1000000] | 150 | 100 | 1.50× | 1.50–1.50× | 3 / 3 |");
    }

    @Test
    @DisplayName("an interleaved pair: each contender's time per call per iteration, its ratio spread within iterations")
    void interleaved() throws Exception {
        String md = RatioTable.markdown(results("[{'benchmark':'dev.tau4j.bench.LimitBenchmark.appendOne_interleaved',"
                + "'mode':'avgt','primaryMetric':{'scoreUnit':'us/op','rawData':[[500,500,500]]},"
                + "'secondaryMetrics':{"
                + "'tau4jNanos':{'rawData':[[1300000,2400000,1500000]]},"
                + "'rawNanos':{'rawData':[[1000000,2000000,1000000]]},"
                + "'pairs':{'rawData':[[10,20,10]]}}}]"));
        // per call: tau4j 130, 120, 150 us; raw 100, 100, 100 us; ratios 1.30, 1.20, 1.50
        assertThat(md).contains("| appendOne (interleaved) | 130 | 100 | 1.30× | 1.20–1.50× | 3 / 3 |");
    }

    @Test
    @DisplayName("the median of an even count is the mean of the middle two")
    void median() {
        assertThat(RatioTable.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
        assertThat(RatioTable.median(new double[] {5, 1, 3})).isEqualTo(3);
    }
}
