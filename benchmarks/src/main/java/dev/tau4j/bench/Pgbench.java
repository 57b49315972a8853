package dev.tau4j.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tau4j.postgres.PostgresUrl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL's own pgbench as a baseline, run by the harness against the server of the trial: rounds of
 * {@code clients} connections, each committing one {@code INSERT} per transaction (the same row as the raw
 * JDBC baseline), for a fixed time. A round's figure is pgbench's {@code latency average}: the time one client
 * waits per transaction, directly comparable with JMH's average time per operation of one of as many
 * threads. The binary is {@value #BINARY_VARIABLE}, else {@value #DEFAULT_BINARY}; the password, when the URL
 * has one, goes to pgbench through its environment, never its command line.
 */
final class Pgbench {

    static final String BINARY_VARIABLE = "TAU4J_PGBENCH";
    static final String DEFAULT_BINARY = "/usr/lib/postgresql/15/bin/pgbench";
    private static final Pattern LATENCY = Pattern.compile("latency average = ([0-9.]+) ms");
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+)");

    private Pgbench() {
    }

    /** One round's result: pgbench's latency average (µs per transaction per client) and its TPS. */
    record Round(double latencyMicros, double tps) {
    }

    /**
     * Runs {@code rounds} rounds of {@code seconds} each, {@code clients} clients inserting {@code message}
     * into {@code table} (columns as tau4j's entries), after one warm-up round.
     */
    static List<Round> run(PostgresUrl url, String table, String message, int clients, int rounds, int seconds,
                           Path work) throws IOException, InterruptedException {
        String binary = System.getenv().getOrDefault(BINARY_VARIABLE, DEFAULT_BINARY);
        if (!Files.isExecutable(Path.of(binary))) {
            throw new IllegalStateException("pgbench not found at " + binary + ": set " + BINARY_VARIABLE);
        }
        Path script = work.resolve("pgbench-insert.sql");
        // The table name is the harness's own; the message goes in as a pgbench variable (a bound parameter).
        Files.writeString(script, "\\set id random(1, 9000000000000000000)\n"
                + "INSERT INTO " + table + " (session_id, entry_id, parent_id, message)"
                + " VALUES (1000000 + :client_id, :id::bigint, :id::bigint - 1, :msg);\n", StandardCharsets.UTF_8);
        List<Round> results = new ArrayList<>();
        for (int round = 0; round <= rounds; round++) {
            Round r = once(binary, url, script, message, clients, seconds);
            if (round > 0) {
                results.add(r);
            }
        }
        return results;
    }

    private static Round once(String binary, PostgresUrl url, Path script, String message, int clients, int seconds)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(binary, "-n", "-M", "prepared", "-c", String.valueOf(clients),
                "-j", String.valueOf(Math.min(clients, Runtime.getRuntime().availableProcessors())),
                "-T", String.valueOf(seconds), "-h", url.host(), "-p", String.valueOf(url.port()),
                "-U", url.user(), "-d", url.database(), "-D", "msg=" + message, "-f", script.toString())
                .redirectErrorStream(true);
        if (url.password() != null) {
            builder.environment().put("PGPASSWORD", url.password());
        }
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(seconds + 60L, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("pgbench failed: " + output);
        }
        Matcher latency = LATENCY.matcher(output);
        Matcher tps = TPS.matcher(output);
        if (!latency.find() || !tps.find()) {
            throw new IllegalStateException("pgbench printed no latency or tps: " + output);
        }
        return new Round(Double.parseDouble(latency.group(1)) * 1_000, Double.parseDouble(tps.group(1)));
    }

    /** Writes the rounds as one result in JMH's JSON shape, {@code benchmark} named {@code method}. */
    static void write(Path file, String method, List<Round> rounds) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode result = mapper.createObjectNode().put("benchmark", LimitBenchmark.class.getName() + "." + method)
                .put("mode", "avgt");
        ObjectNode metric = result.putObject("primaryMetric").put("scoreUnit", "us/op");
        ArrayNode fork = metric.putArray("rawData").addArray();
        rounds.forEach(r -> fork.add(r.latencyMicros()));
        ArrayNode tps = result.putArray("tps");
        rounds.forEach(r -> tps.add(r.tps()));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, mapper.writerWithDefaultPrettyPrinter().writeValueAsString(mapper.createArrayNode()
                .add(result)), StandardCharsets.UTF_8);
    }
}
