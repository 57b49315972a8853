package dev.tau4j.micrometer.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Times calls into one timer per (operation, outcome), all tagged with the backend. The outcome of a
 * failed call is named by {@code outcomeOf}, from the exception's type only: tags stay low-cardinality
 * (never a session path, a case id or a message).
 */
public final class OperationTimers {

    /** Outcome tag of a call that returned. */
    public static final String SUCCESS = "success";

    private final MeterRegistry registry;
    private final String name;
    private final String description;
    private final String backend;
    private final Function<RuntimeException, String> outcomeOf;
    /** The timers met so far, by "operation/outcome": a call looks its timer up instead of building it. */
    private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();

    public OperationTimers(MeterRegistry registry, String name, String description, String backend,
                           Function<RuntimeException, String> outcomeOf) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.name = name;
        this.description = description;
        this.backend = requireTag(backend, "backend");
        this.outcomeOf = outcomeOf;
    }

    /** Runs {@code call}, recording its duration under {@code operation} and its outcome; rethrows its exception. */
    public <T> T time(String operation, Supplier<T> call) {
        long start = System.nanoTime();
        String outcome = SUCCESS;
        try {
            return call.get();
        } catch (RuntimeException e) {
            outcome = outcomeOf.apply(e);
            throw e;
        } finally {
            timer(operation, outcome).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    private Timer timer(String operation, String outcome) {
        return timers.computeIfAbsent(operation + '/' + outcome, k -> Timer.builder(name)
                .description(description)
                .tag("backend", backend)
                .tag("operation", operation)
                .tag("outcome", outcome)
                .register(registry));
    }

    /** Same as {@link #time(String, Supplier)} for a call that returns nothing. */
    public void run(String operation, Runnable call) {
        time(operation, () -> {
            call.run();
            return null;
        });
    }

    /** A tag value: 1..64 characters of {@code [a-z0-9_.-]}, so it can never carry user data by mistake. */
    public static String requireTag(String value, String what) {
        if (value == null || !value.matches("[a-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException(what + " must be 1..64 characters of [a-z0-9_.-]");
        }
        return value;
    }
}
