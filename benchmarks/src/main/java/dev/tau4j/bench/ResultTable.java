package dev.tau4j.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a JMH JSON result file ({@code -rf json}) into Markdown: a line with the run's settings, a
 * throughput table in operations per second, and a latency table in microseconds for the sample-time
 * results. Whatever time unit the run used is converted.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar dev.tau4j.bench.ResultTable benchmarks/target/jmh-result.json
 * }</pre>
 */
public final class ResultTable {

    private static final String[] PERCENTILES = {"50.0", "90.0", "99.0", "99.9", "100.0"};

    private ResultTable() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: ResultTable <jmh-result.json>");
            System.exit(2);
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        out.print(markdown(new ObjectMapper().readTree(Files.readString(Path.of(args[0])))));
    }

    /** The Markdown for the array of results JMH writes. */
    static String markdown(JsonNode results) {
        if (!results.isArray() || results.isEmpty()) {
            return "No benchmark results.\n";
        }
        List<JsonNode> throughput = new ArrayList<>();
        List<JsonNode> sample = new ArrayList<>();
        for (JsonNode result : results) {
            switch (result.path("mode").asText()) {
                case "thrpt" -> throughput.add(result);
                case "sample" -> sample.add(result);
                default -> { } // other modes are not part of this harness
            }
        }
        StringBuilder md = new StringBuilder(settings(results.get(0))).append('\n');
        if (!throughput.isEmpty()) {
            md.append("\n### Throughput (operations per second, higher is better)\n\n")
                    .append("| benchmark | backend | threads | ops/s | ± (99.9 %) |\n")
                    .append("|---|---|---:|---:|---:|\n");
            for (JsonNode result : throughput) {
                JsonNode metric = result.path("primaryMetric");
                double perSecond = perSecond(metric.path("scoreUnit").asText());
                md.append(row(result))
                        .append(number(metric.path("score").asDouble() * perSecond, 0)).append(" | ")
                        .append(number(metric.path("scoreError").asDouble() * perSecond, 0)).append(" |\n");
            }
        }
        if (!sample.isEmpty()) {
            md.append("\n### Latency (sample time, microseconds, lower is better)\n\n")
                    .append("| benchmark | backend | threads | p50 | p90 | p99 | p99.9 | max |\n")
                    .append("|---|---|---:|---:|---:|---:|---:|---:|\n");
            for (JsonNode result : sample) {
                JsonNode metric = result.path("primaryMetric");
                double micros = micros(metric.path("scoreUnit").asText());
                md.append(row(result));
                for (String percentile : PERCENTILES) {
                    md.append(number(metric.path("scorePercentiles").path(percentile).asDouble() * micros, 1))
                            .append(percentile.equals("100.0") ? " |\n" : " | ");
                }
            }
        }
        return md.toString();
    }

    private static String settings(JsonNode first) {
        return "JMH " + first.path("jmhVersion").asText()
                + ", JDK " + first.path("jdkVersion").asText()
                + " (" + first.path("vmName").asText() + " " + first.path("vmVersion").asText() + ")"
                + ", forks " + first.path("forks").asInt()
                + ", warmup " + first.path("warmupIterations").asInt() + " × " + first.path("warmupTime").asText()
                + ", measurement " + first.path("measurementIterations").asInt() + " × "
                + first.path("measurementTime").asText() + ".";
    }

    private static String row(JsonNode result) {
        String benchmark = result.path("benchmark").asText();
        return "| " + benchmark.substring(benchmark.lastIndexOf('.') + 1)
                + " | " + result.path("params").path("backend").asText("-")
                + " | " + result.path("threads").asInt() + " | ";
    }

    /** The factor from {@code ops/<unit>} to operations per second. */
    static double perSecond(String scoreUnit) {
        return 1 / seconds(scoreUnit.substring(scoreUnit.indexOf('/') + 1));
    }

    /** The factor from {@code <unit>/op} to microseconds. */
    static double micros(String scoreUnit) {
        return seconds(scoreUnit.substring(0, scoreUnit.indexOf('/'))) * 1e6;
    }

    private static double seconds(String unit) {
        return switch (unit) {
            case "ns" -> 1e-9;
            case "us" -> 1e-6;
            case "ms" -> 1e-3;
            case "s" -> 1;
            case "min" -> 60;
            case "hr" -> 3_600;
            case "day" -> 86_400;
            default -> throw new IllegalArgumentException("unknown JMH time unit '" + unit + "'");
        };
    }

    private static String number(double value, int decimals) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%,." + decimals + "f", value) : "n/a";
    }
}
