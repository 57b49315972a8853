package dev.tau4j.session.conformance;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one run of the kit against one backend, as written to
 * {@value #JSON_FILE} (and its Markdown twin {@value #MARKDOWN_FILE}) in the binding's report
 * directory. Cases are ordered by the number of their id. The record carries its JSON mapping (Jackson
 * annotations): any {@code ObjectMapper} writes it as the kit does, so other reports can embed it as is.
 *
 * <pre>{@code
 * {"kit_version": "0.1.0", "backend": "InMemorySessionStore",
 *  "cases": [{"id": "C-02", "name": "round trip preserves lineage", "required": true,
 *             "status": "passed", "reason": null}, ...],
 *  "passed": 64, "failed": 0, "skipped": 1}
 * }</pre>
 *
 * @param kitVersion the version of the kit that ran
 * @param backend    the backend's name, from {@link SessionStoreConformanceKit#backendName()}
 * @param cases      every case the kit expected, in id order, including those that did not run
 * @param passed     how many cases passed
 * @param failed     how many cases failed
 * @param skipped    how many cases were skipped or did not run
 */
@JsonPropertyOrder({"kit_version", "backend", "cases", "passed", "failed", "skipped"})
public record ConformanceReport(@JsonProperty(value = "kit_version", required = true) String kitVersion,
        @JsonProperty(required = true) String backend, @JsonProperty(required = true) List<CaseResult> cases,
        @JsonProperty(required = true) int passed, @JsonProperty(required = true) int failed,
        @JsonProperty(required = true) int skipped) {

    /** Reads reports through the record's own mapping; fields it does not know are ignored. */
    private static final ObjectReader READER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build()
            .readerFor(ConformanceReport.class);

    /** File name of the JSON report. */
    public static final String JSON_FILE = "conformance-report.json";
    /** File name of the Markdown report. */
    public static final String MARKDOWN_FILE = "conformance-report.md";

    public ConformanceReport {
        Objects.requireNonNull(kitVersion, "kitVersion");
        Objects.requireNonNull(backend, "backend");
        cases = List.copyOf(cases);
    }

    /** How a case ended. */
    public enum Status {
        PASSED, FAILED, SKIPPED;

        /** The lower-case name used in the report files. */
        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

    }

    /**
     * One case of the report.
     *
     * @param id       the case id, e.g. {@code C-02}
     * @param name     its name, the display name without the id
     * @param required whether every backend must pass it
     * @param status   how it ended
     * @param reason   why it failed or was skipped; {@code null} when it passed
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record CaseResult(@JsonProperty(required = true) String id, @JsonProperty(required = true) String name,
            @JsonProperty(required = true) boolean required, @JsonProperty(required = true) Status status,
            String reason) {
        public CaseResult {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(status, "status");
        }
    }

    /**
     * Reads a report written by the kit: the JSON file itself, or the directory holding it.
     *
     * @throws IllegalArgumentException when the file is not such a report (a field missing, of the wrong type,
     *                                  or an unknown status), naming the file and what is wrong
     * @throws UncheckedIOException     when the file cannot be read
     */
    public static ConformanceReport read(Path path) {
        Path file = Files.isDirectory(path) ? path.resolve(JSON_FILE) : path;
        try {
            return READER.readValue(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("conformance report " + file + " is not a report of the kit: "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read conformance report " + file, e);
        }
    }

    /** The case with this id, if the report lists it. */
    public Optional<CaseResult> find(String id) {
        return cases.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    /** Required cases that did not pass (failed, skipped or did not run); empty for a conforming backend. */
    public List<CaseResult> requiredNotPassed() {
        return cases.stream().filter(c -> c.required() && c.status() != Status.PASSED).toList();
    }

    /** Whether the backend conforms: at least one case ran, and every required case passed. */
    public boolean conforms() {
        return !cases.isEmpty() && passed > 0 && requiredNotPassed().isEmpty() && failed == 0;
    }
}
