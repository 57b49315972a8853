package dev.tau4j.verify;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a live test class that writes its own evidence file shares: the lines it logs (kept, with their
 * time, for the evidence's raw output) and every test of the class that failed, was aborted or disabled
 * (any of which makes its evidence fail). Subclasses write the file in {@link #afterAll}.
 */
abstract class EvidenceRecorder implements TestWatcher, AfterAllCallback {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private final Logger log;
    private final String prefix;
    protected final List<String> output = new ArrayList<>();
    protected final List<String> failures = new ArrayList<>();
    protected String execution;

    /** @param prefix what a line is prefixed with before the execution is known, e.g. {@code smoke} */
    EvidenceRecorder(String loggerName, String prefix) {
        this.log = LoggerFactory.getLogger(loggerName);
        this.prefix = prefix;
    }

    /** Logs one line of the raw output. */
    synchronized void log(String line) {
        String text = "[" + (execution == null ? prefix : execution) + "] " + line;
        log.info(text);
        output.add(LocalTime.now(ZoneOffset.UTC).format(TIME) + " " + text);
    }

    /** Logs an error that ends the record early (nothing else to write it to). */
    void logError(String text) {
        log.error(text);
    }

    @Override
    public synchronized void testFailed(ExtensionContext context, Throwable cause) {
        failures.add(context.getDisplayName() + " failed: " + oneLine(cause));
    }

    @Override
    public synchronized void testAborted(ExtensionContext context, Throwable cause) {
        failures.add(context.getDisplayName() + " was aborted: " + oneLine(cause));
    }

    @Override
    public synchronized void testDisabled(ExtensionContext context, Optional<String> reason) {
        failures.add(context.getDisplayName() + " is disabled" + reason.map(r -> ": " + r).orElse(""));
    }

    static long millis(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    }

    static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return SmokeEvidence.excerpt(message.replaceAll("\\s+", " ").strip());
    }
}
