package dev.tau4j.session.tau;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tau4j.session.InvalidInputException;
import dev.tau4j.session.MessageCodec;
import dev.tau4j.session.UsageDelta;
import dev.tau4j.session.UsageSummary;
import dev.tau4j.session.tau.TauFormatException.Reason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tau's usage sidecar: the file {@code <session file>.usage.json} next to a session file, pretty-printed
 * {@code {"schema_version":1,"input_tokens":..,"output_tokens":..,"total_tokens":..,"estimated_cost_usd":..}}.
 *
 * <p>Rounding rule on read: the cost is taken exactly as the file spells it, then rounded half-even to
 * {@value UsageDelta#MAX_COST_SCALE} decimal places; {@link SidecarUsage#rounded()} says when that changed
 * it. Tau's {@code 0.013999999999999999} becomes {@code 0.014}. On write the exact decimal is written, which
 * Tau reads as the nearest double.
 */
public final class TauUsageSidecar {

    /** The suffix Tau appends to a session file's name. */
    public static final String SUFFIX = ".usage.json";

    private TauUsageSidecar() {
    }

    /** Where Tau keeps the usage of {@code sessionFile}: {@code s.jsonl} → {@code s.jsonl.usage.json}. */
    public static Path pathFor(Path sessionFile) {
        return sessionFile.resolveSibling(sessionFile.getFileName() + SUFFIX);
    }

    /** The sidecar text for {@code usage}, as Tau pretty-prints it. */
    public static String format(UsageSummary usage) {
        BigDecimal cost = usage.estimatedCostUsd();
        String costText = cost.scale() <= 0 ? cost.toPlainString() + ".0" : cost.toPlainString();
        return "{\n  \"schema_version\": 1,\n  \"input_tokens\": " + usage.inputTokens()
                + ",\n  \"output_tokens\": " + usage.outputTokens() + ",\n  \"total_tokens\": " + usage.totalTokens()
                + ",\n  \"estimated_cost_usd\": " + costText + "\n}";
    }

    /** Writes {@link #format(UsageSummary)} to {@code file}. */
    public static void write(UsageSummary usage, Path file) {
        try {
            Files.writeString(file, format(usage), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Reads a sidecar file; see {@link #parse(String)}. */
    public static SidecarUsage read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Parses sidecar text. Without {@code schema_version} it is read as the four fields (Tau's legacy form).
     *
     * @throws TauFormatException ({@link Reason#UNSUPPORTED_SCHEMA_VERSION} above 1, {@link Reason#INVALID_USAGE}
     *                            for a missing, negative or non-integral counter or a bad cost)
     */
    public static SidecarUsage parse(String text) {
        JsonNode node;
        try {
            node = MessageCodec.parseJson(text);
        } catch (InvalidInputException e) {
            throw new TauFormatException(Reason.INVALID_USAGE, 0, "usage sidecar: " + e.getMessage(), e);
        }
        if (!node.isObject()) {
            throw new TauFormatException(Reason.INVALID_USAGE, 0, "usage sidecar must be a JSON object");
        }
        JsonNode version = node.get("schema_version");
        if (version != null && (!version.isIntegralNumber() || version.bigIntegerValue().compareTo(BigInteger.ONE) > 0)) {
            throw new TauFormatException(Reason.UNSUPPORTED_SCHEMA_VERSION, 0,
                    "unsupported usage schema version " + version.asText());
        }
        long input = counter(node, "input_tokens");
        long output = counter(node, "output_tokens");
        long total = counter(node, "total_tokens");
        JsonNode costNode = node.get("estimated_cost_usd");
        if (costNode == null || !costNode.isNumber()) {
            throw new TauFormatException(Reason.INVALID_USAGE, 0, "usage sidecar field 'estimated_cost_usd' must be a number");
        }
        BigDecimal written = costNode.isDouble() ? BigDecimal.ZERO : costNode.decimalValue();
        BigDecimal cost = written.setScale(UsageDelta.MAX_COST_SCALE, RoundingMode.HALF_EVEN);
        try {
            return new SidecarUsage(new UsageDelta(input, output, total, cost), written, cost.compareTo(written) != 0);
        } catch (InvalidInputException e) {
            throw new TauFormatException(Reason.INVALID_USAGE, 0, "usage sidecar: " + e.getMessage(), e);
        }
    }

    private static long counter(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isIntegralNumber() || value.bigIntegerValue().signum() < 0
                || value.bigIntegerValue().bitLength() > 63) {
            throw new TauFormatException(Reason.INVALID_USAGE, 0,
                    "usage sidecar field '" + field + "' must be an integer between 0 and 2^63-1");
        }
        return value.longValue();
    }
}
