package dev.tau4j.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the JMH JSON result of {@link LimitBenchmark} (average time per operation) into a Markdown table
 * of ratios: for each pair {@code <operation>_tau4j} / {@code <operation>_raw} (or {@code _pgbench}, the
 * rounds of pgbench the harness writes in the same shape), the ratio of the median iteration times, and
 * its spread — the lowest and the highest ratio any measured iteration of one can have against any of the
 * other. A ratio of 1.30 means tau4j takes 30 % longer than the baseline. An interleaved pair
 * ({@code <operation>_interleaved}, both contenders timed call by call in one trial, see
 * {@link LimitBenchmark.PairTimes}) gives a row {@code <operation> (interleaved)}: per measured iteration each
 * contender's time per call, the ratio of their medians, and as spread the lowest and highest ratio of the
 * two within one iteration.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar dev.tau4j.bench.RatioTable benchmarks/target/limit-result.json \
 *     [benchmarks/target/pgbench-result.json]
 * }</pre>
 */
public final class RatioTable {

    private RatioTable() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: RatioTable <jmh-result.json> [<more results in the same shape>...]");
            System.exit(2);
        }
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode results = mapper.createArrayNode();
        for (String file : args) {
            results.addAll((ArrayNode) mapper.readTree(Files.readString(Path.of(file))));
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        out.print(markdown(results));
    }

    /** The baselines a tau4j operation is compared with, by suffix, and how a row names them. */
    private static final Map<String, String> BASELINES = Map.of("_raw", "", "_pgbench", " vs pgbench");

    /** The ratio table for the array of results JMH writes; operations without both halves are left out. */
    static String markdown(JsonNode results) {
        Map<String, double[]> tau4j = new LinkedHashMap<>();
        Map<String, double[]> raw = new LinkedHashMap<>();
        Map<String, JsonNode> interleaved = new LinkedHashMap<>();
        String unit = "";
        for (JsonNode result : results) {
            String method = result.path("benchmark").asText();
            method = method.substring(method.lastIndexOf('.') + 1);
            StringBuilder params = new StringBuilder();
            result.path("params").fields().forEachRemaining(p -> params.append(params.length() == 0 ? " [" : ", ")
                    .append(p.getKey()).append('=').append(p.getValue().asText()));
            String at = params.length() == 0 ? "" : params.append(']').toString();
            double[] iterations = iterations(result.path("primaryMetric").path("rawData"));
            unit = result.path("primaryMetric").path("scoreUnit").asText();
            if (method.endsWith("_interleaved")) {
                interleaved.put(method.substring(0, method.length() - "_interleaved".length()) + at + " (interleaved)",
                        result.path("secondaryMetrics"));
            } else if (method.endsWith("_tau4j")) {
                tau4j.put(method.substring(0, method.length() - "_tau4j".length()) + at, iterations);
            } else {
                for (Map.Entry<String, String> baseline : BASELINES.entrySet()) {
                    if (method.endsWith(baseline.getKey())) {
                        raw.put(method.substring(0, method.length() - baseline.getKey().length()) + at
                                + baseline.getValue(), iterations);
                    }
                }
            }
        }
        StringBuilder md = new StringBuilder()
                .append("| operation | tau4j (median, ").append(unit).append(") | raw (median, ").append(unit)
                .append(") | ratio | spread | iterations |\n")
                .append("|---|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<String, double[]> entry : raw.entrySet()) {
            String operation = entry.getKey();
            double[] ours = tau4j.get(operation.endsWith(" vs pgbench")
                    ? operation.substring(0, operation.length() - " vs pgbench".length()) : operation);
            if (ours == null) {
                continue;
            }
            double[] baseline = entry.getValue();
            row(md, operation, ours, baseline, min(ours) / max(baseline), max(ours) / min(baseline));
        }
        for (Map.Entry<String, JsonNode> entry : interleaved.entrySet()) {
            double[] pairs = iterations(entry.getValue().path("pairs").path("rawData"));
            double[] ours = perCall(iterations(entry.getValue().path("tau4jNanos").path("rawData")), pairs);
            double[] baseline = perCall(iterations(entry.getValue().path("rawNanos").path("rawData")), pairs);
            double[] ratios = new double[ours.length];
            for (int i = 0; i < ours.length; i++) {
                ratios[i] = ours[i] / baseline[i];
            }
            row(md, entry.getKey(), ours, baseline, min(ratios), max(ratios));
        }
        return md.toString();
    }

    /** One row: the medians, their ratio, the spread from {@code low} to {@code high}, the iteration counts. */
    private static void row(StringBuilder md, String operation, double[] ours, double[] baseline, double low,
                            double high) {
        md.append("| ").append(operation)
                .append(" | ").append(format(median(ours)))
                .append(" | ").append(format(median(baseline)))
                .append(" | ").append(format(median(ours) / median(baseline))).append('×')
                .append(" | ").append(format(low)).append("–").append(format(high)).append('×')
                .append(" | ").append(ours.length).append(" / ").append(baseline.length).append(" |\n");
    }

    /** Microseconds per call of each iteration: its summed nanoseconds over its pairs. */
    private static double[] perCall(double[] nanos, double[] pairs) {
        if (nanos.length != pairs.length || nanos.length == 0) {
            throw new IllegalArgumentException("an interleaved pair needs its times and pair counts per iteration");
        }
        double[] micros = new double[nanos.length];
        for (int i = 0; i < nanos.length; i++) {
            micros[i] = nanos[i] / pairs[i] / 1_000;
        }
        return micros;
    }

    /** The measured iterations' scores (JMH's rawData: forks × iterations). */
    private static double[] iterations(JsonNode rawData) {
        List<Double> scores = new ArrayList<>();
        for (JsonNode fork : rawData) {
            for (JsonNode score : fork) {
                scores.add(score.asDouble());
            }
        }
        return scores.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, value >= 100 ? "%,.0f" : "%.2f", value);
    }
}
