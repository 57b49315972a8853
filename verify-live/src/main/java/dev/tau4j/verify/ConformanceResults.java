package dev.tau4j.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A conformance kit report ({@code conformance-report.json}) as the live gate reads it: the kit's
 * version, the backend, and each case with its status.
 */
public record ConformanceResults(String kitVersion, String backend, List<Case> cases, int passed, int failed,
                                 int skipped) {

    /** The report's file name in its directory. */
    public static final String FILE_NAME = "conformance-report.json";

    public ConformanceResults {
        cases = List.copyOf(cases);
    }

    /** One conformance case: its contractual id, its name, whether it is required, and its outcome. */
    public record Case(String id, String name, boolean required, String status, String reason) {
        /** Whether the case passed. */
        public boolean passed() {
            return "passed".equals(status);
        }
    }

    /** The case with this id, if the report has it. */
    public Optional<Case> find(String id) {
        return cases.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    /** Reads a report written by the conformance kit. */
    public static ConformanceResults read(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        if (root == null || !root.isObject()) {
            throw new IOException(file + " is not a JSON object");
        }
        JsonNode casesNode = root.path("cases");
        if (!casesNode.isArray()) {
            throw new IOException(file + " has no \"cases\" array");
        }
        List<Case> cases = new ArrayList<>();
        for (JsonNode node : casesNode) {
            String id = node.path("id").asText(null);
            if (id == null || id.isBlank()) {
                throw new IOException(file + " has a case without an id");
            }
            cases.add(new Case(id, node.path("name").asText(""), node.path("required").asBoolean(false),
                    node.path("status").asText("").toLowerCase(Locale.ROOT),
                    node.path("reason").isNull() ? null : node.path("reason").asText(null)));
        }
        return new ConformanceResults(root.path("kit_version").asText(null), root.path("backend").asText(null),
                cases, root.path("passed").asInt(0), root.path("failed").asInt(0), root.path("skipped").asInt(0));
    }
}
