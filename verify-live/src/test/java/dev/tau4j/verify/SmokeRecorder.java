package dev.tau4j.verify;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Records the cases smoke as it happens and hands it to the execution's {@link LiveRun} when the
 * test class ends, whatever the outcome: each HTTP step (method, path, expected and received status, JSON
 * excerpt, duration, what was checked or why it failed) and every line the smoke logged. The smoke
 * counts as passed only when every test of the class passed and every step held; a failed, aborted or
 * disabled test, or a failure before the first test, makes it {@code failed}, with the reason.
 *
 * <p>Register it as a static {@code @RegisterExtension} field of the smoke class, and call
 * {@link #start} once the API is up.
 */
final class SmokeRecorder extends EvidenceRecorder {

    /** What a step checks on its answer beyond the status; returns what it checked, in a few words. */
    @FunctionalInterface
    interface Check {
        String verify(CasesApiClient.Reply reply) throws Exception;
    }

    private final List<SmokeEvidence.Step> steps = new ArrayList<>();
    private LiveRun live;
    private String database;
    private long startedNanos;
    private CasesApiClient client;

    SmokeRecorder() {
        super("dev.tau4j.verify.smoke", "smoke");
    }

    /** Begins the record once the API is up over {@code database}; the evidence goes to the run. */
    synchronized void start(LiveRun live, String databaseDescription) {
        this.execution = live.settings().executionId();
        this.live = live;
        this.database = databaseDescription;
        this.startedNanos = System.nanoTime();
    }

    /** The client the following steps send through (a new one after the server restarted). */
    synchronized void use(CasesApiClient client) {
        this.client = client;
    }

    /**
     * Sends one request as step {@code id}, checks the status is {@code expected} and runs {@code check} on
     * the answer, records the step either way, and returns the answer.
     *
     * @throws AssertionError when the status or a check is wrong (after recording the step as failed)
     */
    CasesApiClient.Reply step(String id, CasesApiClient.Request request, int expected, Check check) throws Exception {
        CasesApiClient api;
        synchronized (this) {
            api = client;
        }
        long start = System.nanoTime();
        CasesApiClient.Reply reply;
        try {
            reply = api.send(request);
        } catch (Exception e) {
            record(new SmokeEvidence.Step(id, request.method(), request.path(), String.valueOf(expected), "none", "",
                    millis(start), false, "no answer: " + e));
            throw e;
        }
        String excerpt = reply.raw();
        if (reply.status() != expected) {
            String why = "expected HTTP " + expected + ", got " + reply.status();
            record(new SmokeEvidence.Step(id, request.method(), request.path(), String.valueOf(expected),
                    String.valueOf(reply.status()), excerpt, millis(start), false, why));
            throw new AssertionError(id + ": " + why + ": " + SmokeEvidence.excerpt(reply.raw()));
        }
        String checked;
        try {
            checked = check.verify(reply);
        } catch (AssertionError | Exception e) {
            record(new SmokeEvidence.Step(id, request.method(), request.path(), String.valueOf(expected),
                    String.valueOf(reply.status()), excerpt, millis(start), false, oneLine(e)));
            throw e;
        }
        record(new SmokeEvidence.Step(id, request.method(), request.path(), String.valueOf(expected),
                String.valueOf(reply.status()), excerpt, millis(start), true, checked));
        return reply;
    }

    /** Records a step (one made by {@link #step}, or one that stands for several exchanges) and logs it. */
    synchronized void record(SmokeEvidence.Step step) {
        steps.add(step);
        log(step.id() + ": " + step.request() + " -> " + step.httpStatus() + " (expected " + step.expected() + ", "
                + step.durationMs() + " ms) " + (step.ok() ? "ok" : "FAILED")
                + (step.detail().isBlank() ? "" : "; " + step.detail())
                + (step.excerpt().isBlank() ? "" : " | " + step.excerpt()));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        LiveRun target;
        SmokeEvidence evidence;
        synchronized (this) {
            context.getExecutionException().ifPresent(e -> failures.add("the smoke stopped: " + oneLine(e)));
            if (live == null) {
                // the API never came up: the reason is in the execution's failure, and no file means "not run"
                logError("The cases smoke never started: " + String.join("; ", failures));
                return;
            }
            long failedSteps = steps.stream().filter(s -> !s.ok()).count();
            List<String> why = new ArrayList<>(failures);
            if (failedSteps > 0) {
                why.add(failedSteps + " step(s) failed");
            }
            if (steps.isEmpty()) {
                why.add("no step ran");
            }
            long ms = millis(startedNanos);
            boolean passed = why.isEmpty();
            log((passed ? "PASSED" : "FAILED") + ": " + steps.size() + " steps, "
                    + (steps.size() - failedSteps) + " ok, in " + ms + " ms");
            String detail = passed
                    ? steps.size() + " steps over HTTP, every one answered as expected and checked"
                    : String.join("; ", why);
            evidence = new SmokeEvidence(execution, passed ? SmokeEvidence.PASSED : SmokeEvidence.FAILED, detail,
                    database, ms, steps, output);
            target = live;
        }
        target.recordSmoke(evidence);
    }
}
