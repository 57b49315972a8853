package dev.tau4j.verify;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * What the writers of the crash check share, whatever they write (session appends, case creates and
 * decides over HTTP): their threads, a deadline, the count of acknowledged writes and of retries, and
 * the errors that end a writer. Every wait here has a deadline.
 */
abstract class CrashWriters {

    final AtomicBoolean stop = new AtomicBoolean();
    final AtomicLong acked = new AtomicLong();
    final AtomicLong retries = new AtomicLong();
    final AtomicLong outcomeUnknown = new AtomicLong();
    final AtomicLong unavailable = new AtomicLong();
    /** Calls answered "outcome unknown" whose keyed retry returned a first write that had in fact landed. */
    final AtomicLong landedBeforeRetry = new AtomicLong();
    final Queue<String> errors = new ConcurrentLinkedQueue<>();
    final long deadline;
    private final int writers;
    private final ExecutorService threads;

    CrashWriters(int writers, long deadline) {
        this.writers = writers;
        this.deadline = deadline;
        this.threads = Executors.newFixedThreadPool(writers);
    }

    /** Starts the writers: {@code write} runs once per thread, with the thread's number, until it returns. */
    void start(IntConsumer write) {
        for (int t = 0; t < writers; t++) {
            int thread = t;
            threads.execute(() -> write.accept(thread));
        }
    }

    /** Whether a writer should go on with a new write. */
    boolean running() {
        return !stop.get() && System.nanoTime() < deadline;
    }

    /** Waits until {@code count} writes were acknowledged; fails past {@code wait} or on a writer error. */
    void awaitAcks(long count, Duration wait) {
        long end = System.nanoTime() + wait.toNanos();
        while (acked.get() < count) {
            if (System.nanoTime() > end || !errors.isEmpty()) {
                throw new AssertionError(getClass().getSimpleName() + ": " + acked.get() + " writes acknowledged in "
                        + wait.toSeconds() + " s; errors: " + errors);
            }
            pause(10);
        }
    }

    /**
     * When each of {@code writers} first acknowledged a write after the counts in {@code before}
     * ({@link System#nanoTime()}, polled every 5 ms); fails past {@code wait}.
     */
    static long[] awaitAckAfter(List<CrashWriters> writers, long[] before, Duration wait) {
        long end = System.nanoTime() + wait.toNanos();
        long[] at = new long[writers.size()];
        int left = writers.size();
        while (left > 0) {
            for (int i = 0; i < at.length; i++) {
                if (at[i] == 0 && writers.get(i).acked.get() > before[i]) {
                    at[i] = System.nanoTime();
                    left--;
                }
            }
            if (left > 0 && System.nanoTime() > end) {
                throw new AssertionError("no write acknowledged within " + wait.toSeconds() + " s of the restart: "
                        + writers.get(java.util.stream.IntStream.range(0, at.length).filter(i -> at[i] == 0)
                        .findFirst().orElse(0)).getClass().getSimpleName());
            }
            pause(5);
        }
        return at;
    }

    /** The acknowledged counts of {@code writers} now. */
    static long[] acked(List<CrashWriters> writers) {
        return writers.stream().mapToLong(w -> w.acked.get()).toArray();
    }

    /** Stops the writers (each finishes the write it is retrying) and waits at most {@code wait}. */
    void stop(Duration wait) throws InterruptedException {
        stop.set(true);
        threads.shutdown();
        if (!threads.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
            threads.shutdownNow();
            errors.add("the writers did not stop within " + wait.toSeconds() + " s");
        }
    }

    /**
     * Before the next attempt of a failed call: counts the retry, and says false (with an error) past the
     * deadline.
     */
    boolean retryAfterPause(String key) {
        retries.incrementAndGet();
        if (System.nanoTime() > deadline) {
            errors.add(key + ": not acknowledged before the deadline");
            return false;
        }
        pause(20);
        return true;
    }

    static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
