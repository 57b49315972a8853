package dev.tau4j.verify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Records the fault checks (of the session store and of the cases API) as they run and writes them to
 * the execution's {@code faults.json} when the test class ends, whatever the outcome: each check with its status, what it
 * showed (or why it failed), its duration and its figures, and every line the checks logged. The checks
 * count as passed only when every test of the class passed and every check held; a failed, aborted or
 * disabled test, or a failure before the first check, makes them {@code failed}, with the reason.
 *
 * <p>Register it as a static {@code @RegisterExtension} field, and call {@link #start} once the database
 * is known.
 */
final class FaultRecorder extends EvidenceRecorder {

    /** The body of a check: fills {@code figures} as it measures, returns what it showed in a sentence. */
    @FunctionalInterface
    interface Body {
        String run(Map<String, Object> figures) throws Exception;
    }

    private final List<FaultEvidence.Check> checks = new ArrayList<>();
    private LiveRun live;
    private String database;
    private long startedNanos;

    FaultRecorder() {
        super("dev.tau4j.verify.faults", "faults");
    }

    /** Begins the record; the evidence goes to the run. */
    synchronized void start(LiveRun live, String databaseDescription) {
        this.execution = live.settings().executionId();
        this.live = live;
        this.database = databaseDescription;
        this.startedNanos = System.nanoTime();
    }

    /**
     * Runs check {@code id} and records it: passed when {@code body} returns, failed (with the figures it
     * measured so far) when it throws, which is rethrown.
     */
    void check(String id, Body body) throws Exception {
        Map<String, Object> figures = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
        long start = System.nanoTime();
        log(id + ": started");
        try {
            String detail = body.run(figures);
            record(new FaultEvidence.Check(id, FaultEvidence.PASSED, detail, millis(start), copy(figures)));
        } catch (AssertionError | Exception e) {
            record(new FaultEvidence.Check(id, FaultEvidence.FAILED, oneLine(e), millis(start), copy(figures)));
            throw e;
        }
    }

    /** Records check {@code id} as not applicable here, with the reason. */
    void notApplicable(String id, String why) {
        record(new FaultEvidence.Check(id, FaultEvidence.NOT_APPLICABLE, why, 0, Map.of()));
    }

    private synchronized void record(FaultEvidence.Check check) {
        checks.add(check);
        StringBuilder figures = new StringBuilder();
        check.figures().forEach((k, v) -> figures.append(figures.length() == 0 ? "" : ", ").append(k).append('=').append(v));
        log(check.id() + ": " + check.status().toUpperCase(java.util.Locale.ROOT) + " in " + check.durationMs() + " ms; "
                + check.detail() + (figures.length() == 0 ? "" : " | " + figures));
    }

    private static Map<String, Object> copy(Map<String, Object> figures) {
        synchronized (figures) {
            return new LinkedHashMap<>(figures);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        LiveRun target;
        FaultEvidence evidence;
        synchronized (this) {
            context.getExecutionException().ifPresent(e -> failures.add("the fault checks stopped: " + oneLine(e)));
            if (live == null) {
                logError("The fault checks never started: " + String.join("; ", failures));
                return;
            }
            long failed = checks.stream().filter(c -> FaultEvidence.FAILED.equals(c.status())).count();
            List<String> why = new ArrayList<>(failures);
            if (failed > 0) {
                why.add(failed + " check(s) failed");
            }
            if (checks.isEmpty()) {
                why.add("no check ran");
            }
            long ms = millis(startedNanos);
            boolean passed = why.isEmpty();
            log((passed ? "PASSED" : "FAILED") + ": " + checks.size() + " checks in " + ms + " ms");
            String detail = passed ? checks.size() + " fault checks ran; none failed" : String.join("; ", why);
            evidence = new FaultEvidence(execution, passed ? FaultEvidence.PASSED : FaultEvidence.FAILED, detail,
                    database, ms, checks, output);
            target = live;
        }
        target.recordFaults(evidence);
    }
}
