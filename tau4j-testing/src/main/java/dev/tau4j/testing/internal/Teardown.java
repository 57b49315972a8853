package dev.tau4j.testing.internal;

import dev.tau4j.testing.StartedPostgres;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a started database exactly once: when {@link #run()} is called, or from a JVM shutdown hook
 * (Ctrl-C, an ended JVM) when it never was. Thread-safe.
 */
public final class Teardown {

    private static final Logger LOG = LoggerFactory.getLogger("dev.tau4j.testing");

    private final String what;
    private final StartedPostgres.Stop stop;
    private final Thread hook;
    private boolean done;
    private Duration duration = Duration.ZERO;
    private String problem;

    /** Registers the shutdown hook at once. */
    public Teardown(String what, StartedPostgres.Stop stop) {
        this.what = what;
        this.stop = stop;
        this.hook = new Thread(this::runFromHook, "tau4j-live-teardown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Stops the database unless already stopped; returns whether this call (or an earlier one) succeeded. */
    public synchronized boolean run() {
        if (!done) {
            done = true;
            long start = System.nanoTime();
            try {
                stop.stop();
                LOG.info("Teardown of {}: done", what);
            } catch (Exception | Error e) {
                problem = e.getClass().getSimpleName() + ": " + e.getMessage();
                LOG.error("Teardown of {} failed: {}", what, problem);
            } finally {
                duration = Duration.ofNanos(System.nanoTime() - start);
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // called from the hook itself, or the JVM is already shutting down
            }
        }
        return problem == null;
    }

    private void runFromHook() {
        synchronized (this) {
            if (!done) {
                LOG.warn("JVM shutting down before teardown: stopping {} now", what);
            }
        }
        run();
    }

    /** Whether the teardown has run. */
    public synchronized boolean done() {
        return done;
    }

    /** How long the teardown took (zero until it ran). */
    public synchronized Duration duration() {
        return duration;
    }

    /** Why the teardown failed, or empty. */
    public synchronized Optional<String> problem() {
        return Optional.ofNullable(problem);
    }
}
