package dev.tau4j.verify;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the fault checks of one execution did (the session store's and the cases API's), as recorded by
 * the checks themselves and handed to the {@link LiveRun} in memory: the crash checks ({@code kill -9} of a PostgreSQL under keyed session writers and
 * keyed HTTP case creates and decides), the lost replies (a commit that reached the server, its reply
 * dropped: an append, a usage record, a case create and a decide over HTTP), the silent network (the
 * store, and the cases server over HTTP), {@code build()} against a silent or closed port, and a pool of
 * one; each with its figures (counts, durations) and the lines the checks logged.
 * Holds no secret: databases are described with their URL masked.
 *
 * <p>The verdict trusts none of it blindly: a missing file, a status other than {@link #PASSED}, a missing
 * {@linkplain #REQUIRED_CHECKS required check} or a failed one fails the run. Only the crash checks may
 * be {@link #NOT_APPLICABLE}, with their reason, and only when the run's database was given by URL (no
 * embedded binaries to start a server of its own: a server this run did not start is never killed).
 *
 * @param execution  execution id, e.g. {@code pg15}
 * @param status     {@link #PASSED}, {@link #FAILED} or {@link #NOT_RUN}
 * @param detail     one sentence about the outcome (why it failed, when it did)
 * @param database   the database the proxy checks ran against: server version, provider, masked URL
 * @param durationMs wall time of the checks
 * @param checks     each check, in the order it ran
 * @param output     the raw lines the checks logged, in order
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record FaultEvidence(String execution, String status, String detail, String database, Long durationMs,
                            List<Check> checks, List<String> output) {

    public static final String PASSED = "passed";
    public static final String FAILED = "failed";
    public static final String NOT_RUN = "not_run";
    /** A check that could not run here, with its reason (only the crash checks, only with a given URL). */
    public static final String NOT_APPLICABLE = "not_applicable";


    /** The session crash check's id; with {@link #CRASH_CASES}, the only ones that may be {@link #NOT_APPLICABLE}. */
    public static final String CRASH = "crash";
    /** The cases crash check's id (the case writers of the same crash loop). */
    public static final String CRASH_CASES = "crash-cases";
    /** The checks that need a server of their own to kill. */
    public static final List<String> CRASH_CHECKS = List.of(CRASH, CRASH_CASES);

    /** The checks every execution must contain, passed, for the run to pass; dropping or renaming one fails the run. */
    public static final List<String> REQUIRED_CHECKS = List.of(
            CRASH, "lost-reply-append", "lost-reply-usage", "silence", "build-silent-port", "build-closed-port",
            "pool-of-one", CRASH_CASES, "lost-reply-case-create", "lost-reply-case-decide", "silence-cases");

    public FaultEvidence {
        Objects.requireNonNull(status, "status");
        detail = detail == null ? "" : detail;
        checks = checks == null ? List.of() : List.copyOf(checks);
        output = output == null ? List.of() : List.copyOf(output);
    }

    /**
     * One fault check.
     *
     * @param id         the check's contractual id, e.g. {@code crash}
     * @param status     {@link #PASSED}, {@link #FAILED} or {@link #NOT_APPLICABLE}
     * @param detail     what was checked and shown, or why it failed or could not run
     * @param durationMs wall time of the check
     * @param figures    what was measured, by name (counts, durations in ms, lists of them), in order
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Check(String id, String status, String detail, long durationMs, Map<String, Object> figures) {

        public Check {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(status, "status");
            detail = detail == null ? "" : detail;
            figures = figures == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(figures));
        }

        /** Whether the check passed. */
        public boolean passed() {
            return PASSED.equals(status);
        }
    }

    /** The fault section of an execution that left no fault evidence. */
    public static FaultEvidence notRun(String execution, String why) {
        return new FaultEvidence(execution, NOT_RUN, why, null, null, List.of(), List.of());
    }

    /** Whether the checks ran. */
    public boolean ran() {
        return !NOT_RUN.equals(status);
    }

    /** The check with this id, if recorded (the first one, should it appear twice). */
    public Optional<Check> find(String id) {
        return checks.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    /**
     * Everything that keeps these checks from counting as passed for execution {@code executionId}, empty
     * when they count. Fails closed: only checks that ran for this execution, say they passed, and hold
     * every check of {@link #REQUIRED_CHECKS} passed count; the {@linkplain #CRASH_CHECKS crash checks}
     * may instead be {@link #NOT_APPLICABLE} with a reason, and only when {@code givenByUrl}.
     */
    public List<String> problems(String executionId, boolean givenByUrl) {
        List<String> problems = new ArrayList<>();
        if (!ran()) {
            problems.add("the fault checks did not run" + (detail.isBlank() ? "" : ": " + detail));
            return problems;
        }
        if (!executionId.equals(execution)) {
            problems.add("the fault evidence is for execution " + execution + ", not " + executionId);
        }
        if (!PASSED.equals(status)) {
            problems.add("the fault checks " + (status.isEmpty() ? "have no status" : "are " + status)
                    + (detail.isBlank() ? "" : ": " + detail));
        }
        for (String id : REQUIRED_CHECKS) {
            if (find(id).isEmpty()) {
                problems.add("fault check " + id + " is missing");
            }
        }
        for (Check c : checks) {
            if (c.passed()) {
                continue;
            }
            if (NOT_APPLICABLE.equals(c.status()) && CRASH_CHECKS.contains(c.id()) && givenByUrl
                    && !c.detail().isBlank()) {
                continue;
            }
            problems.add("fault check " + c.id() + " is " + c.status() + (c.detail().isBlank() ? "" : ": " + c.detail())
                    + (NOT_APPLICABLE.equals(c.status()) ? " (only the crash checks may be not applicable, with their"
                    + " reason, and only when the database was given by URL)" : ""));
        }
        return problems;
    }
}
