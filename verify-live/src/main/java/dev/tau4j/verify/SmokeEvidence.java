package dev.tau4j.verify;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the cases smoke of one execution did, as recorded by the smoke itself and handed to the {@link LiveRun}
 * in memory: the cases HTTP API started over
 * the live PostgreSQL, then every HTTP exchange (create → list → decide → list, the refused requests,
 * UTF-8, concurrent decides) with its status, a JSON excerpt and its duration, and the lines the smoke
 * logged. Holds no secret: the database is described with its URL masked.
 *
 * <p>The verdict trusts none of it blindly: a missing file, a status other than {@link #PASSED}, a missing
 * {@linkplain #REQUIRED_STEPS required step} or a failed step fails the run.
 *
 * @param execution  execution id, e.g. {@code pg15}
 * @param status     {@link #PASSED}, {@link #FAILED} or {@link #NOT_RUN}
 * @param detail     one sentence about the outcome (why it failed, when it did)
 * @param database   the database the API ran on: server version, provider, masked URL, schema
 * @param durationMs wall time of the smoke, server start to server stop
 * @param steps      each HTTP step, in the order it happened
 * @param output     the raw lines the smoke logged, in order
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record SmokeEvidence(String execution, String status, String detail, String database, Long durationMs,
                            List<Step> steps, List<String> output) {

    public static final String PASSED = "passed";
    public static final String FAILED = "failed";
    public static final String NOT_RUN = "not_run";


    /**
     * The steps every smoke must contain, passed, for the run to pass; dropping or renaming one fails
     * the run. The go/no-go flow comes first: create → list → decide → list (status changed).
     */
    public static final List<String> REQUIRED_STEPS = List.of(
            "create", "list-open", "decide", "list-decided", "decide-again", "get-decided", "list-after-restart",
            "malformed-json-create", "malformed-json-decide", "invalid-field-create", "invalid-field-decide",
            "unknown-case-get", "unknown-case-decide", "malformed-id", "oversized-body", "wrong-content-type",
            "utf8-create", "utf8-decide", "utf8-get",
            "concurrent-decides");

    /** Longest JSON excerpt kept for a step, in characters. */
    public static final int EXCERPT_LIMIT = 300;

    public SmokeEvidence {
        Objects.requireNonNull(status, "status");
        detail = detail == null ? "" : detail;
        steps = steps == null ? List.of() : List.copyOf(steps);
        output = output == null ? List.of() : List.copyOf(output);
    }

    /**
     * One HTTP step of the smoke. A step that stands for several exchanges (the concurrent decides) says
     * so in its path, and its statuses are written out, e.g. {@code 200 + 409 (x20)}.
     *
     * @param id         the step's contractual id, e.g. {@code decide}
     * @param method     the HTTP method
     * @param path       the request path
     * @param expected   the expected HTTP status
     * @param httpStatus the HTTP status received, or {@code none} when no answer came
     * @param excerpt    the start of the response body, at most {@link #EXCERPT_LIMIT} characters
     * @param durationMs time from sending the request to the verified answer
     * @param ok         whether the status was the expected one and every check on the answer held
     * @param detail     what was checked besides the status, or why the step failed
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Step(String id, String method, String path, String expected, String httpStatus, String excerpt,
                       long durationMs, boolean ok, String detail) {

        public Step {
            Objects.requireNonNull(id, "id");
            method = method == null ? "" : method;
            path = path == null ? "" : path;
            expected = expected == null ? "" : expected;
            httpStatus = httpStatus == null ? "none" : httpStatus;
            excerpt = SmokeEvidence.excerpt(excerpt == null ? "" : excerpt);
            detail = detail == null ? "" : detail;
        }

        /** {@code METHOD path}. */
        public String request() {
            return method + " " + path;
        }
    }

    /** The smoke section of an execution that left no smoke evidence. */
    public static SmokeEvidence notRun(String execution, String why) {
        return new SmokeEvidence(execution, NOT_RUN, why, null, null, List.of(), List.of());
    }

    /** Whether the smoke ran. */
    public boolean ran() {
        return !NOT_RUN.equals(status);
    }

    /** Whether the smoke says it passed (the gate checks the steps too). */
    public boolean passed() {
        return PASSED.equals(status);
    }

    /** The step with this id, if the smoke recorded it (the first one, should it appear twice). */
    public Optional<Step> find(String id) {
        return steps.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /**
     * Everything that keeps this smoke from counting as passed for execution {@code executionId}, empty
     * when it counts. Fails closed: only a smoke that ran for this execution, says it passed, and holds
     * every step of {@link #REQUIRED_STEPS}, with no failed step at all, counts.
     */
    public List<String> problems(String executionId) {
        List<String> problems = new ArrayList<>();
        if (!ran()) {
            problems.add("the cases smoke did not run" + (detail.isBlank() ? "" : ": " + detail));
            return problems;
        }
        if (!executionId.equals(execution)) {
            problems.add("the smoke evidence is for execution " + execution + ", not " + executionId);
        }
        if (!passed()) {
            problems.add("the cases smoke " + (status.isEmpty() ? "has no status" : "is " + status)
                    + (detail.isBlank() ? "" : ": " + detail));
        }
        for (String step : REQUIRED_STEPS) {
            if (find(step).isEmpty()) {
                problems.add("smoke step " + step + " is missing");
            }
        }
        for (Step s : steps) {
            if (!s.ok()) {
                problems.add("smoke step " + s.id() + " failed: " + s.request() + " expected " + s.expected()
                        + ", got " + s.httpStatus() + (s.detail().isBlank() ? "" : ": " + s.detail()));
            }
        }
        return problems;
    }

    /** {@code text} cut to {@link #EXCERPT_LIMIT} characters (never inside a surrogate pair), with an ellipsis. */
    public static String excerpt(String text) {
        String flat = text.replace("\r", " ").replace("\n", " ");
        if (flat.length() <= EXCERPT_LIMIT) {
            return flat;
        }
        int end = EXCERPT_LIMIT - 1;
        if (Character.isHighSurrogate(flat.charAt(end - 1))) {
            end--;
        }
        return flat.substring(0, end) + "…";
    }
}
