package dev.tau4j.bench;

import dev.tau4j.session.SessionEntry;
import dev.tau4j.session.UsageSummary;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The {@code SessionStore} operations an agent runs on every turn, for each backend ({@code -p
 * backend=memory} or {@code postgres}): throughput in operations per second, and for appends also the
 * latency distribution (sample time). The annotations hold the defaults of {@code scripts/bench.sh};
 * command-line options override them ({@code -t} overrides the thread count of every benchmark, so
 * leave it out; {@code -jvmArgsAppend} replaces the heap settings). The method is described in
 * {@code docs/performance.md}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// A fixed heap, large enough for one iteration of in-memory appends (sessions are emptied after each).
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 3, time = 5)
public class SessionStoreBenchmark {

    /** One message appended to one session by one thread: the plain agent turn. */
    @Benchmark
    @Threads(1)
    @BenchmarkMode({Mode.Throughput, Mode.SampleTime})
    public List<SessionEntry> appendToOneSession(StoreUnderTest store, Writer writer) {
        return writer.appendToShared(store.store, Workload.ONE_MESSAGE);
    }

    /**
     * {@link #appendToOneSession} with an idempotency key on every append: what a caller that retries
     * safely pays (the key is stored in the same statement).
     */
    @Benchmark
    @Threads(1)
    @BenchmarkMode({Mode.Throughput, Mode.SampleTime})
    public List<SessionEntry> appendToOneSessionKeyed(StoreUnderTest store, Writer writer) {
        return writer.appendToSharedKeyed(store.store, Workload.ONE_MESSAGE);
    }

    /** One message appended to one session by 8 threads at once: appends to a session are serialized. */
    @Benchmark
    @Threads(8)
    @BenchmarkMode({Mode.Throughput, Mode.SampleTime})
    public List<SessionEntry> appendToOneSessionContended(StoreUnderTest store, Writer writer) {
        return writer.appendToShared(store.store, Workload.ONE_MESSAGE);
    }

    /** One message appended by 8 threads, each to its own session: sessions never wait for each other. */
    @Benchmark
    @Threads(8)
    @BenchmarkMode({Mode.Throughput, Mode.SampleTime})
    public List<SessionEntry> appendToOwnSessions(StoreUnderTest store, Writer writer) {
        return writer.appendToOwn(store.store, Workload.ONE_MESSAGE);
    }

    /** Ten messages appended as one atomic batch (one operation is ten entries). */
    @Benchmark
    @Threads(1)
    @BenchmarkMode({Mode.Throughput, Mode.SampleTime})
    public List<SessionEntry> appendBatchOf10(StoreUnderTest store, Writer writer) {
        return writer.appendToOwn(store.store, Workload.TEN_MESSAGES);
    }

    /** The lineage of an entry 100 deep, root first. */
    @Benchmark
    @Threads(1)
    public List<SessionEntry> lineageOf100(StoreUnderTest store) {
        return store.store.lineage(Workload.HISTORY, Workload.CHAIN_DEPTH);
    }

    /** A page of 100 entries from the middle of a 1,000-entry session. */
    @Benchmark
    @Threads(1)
    public List<SessionEntry> entriesPageOf100(StoreUnderTest store) {
        return store.store.entries(Workload.HISTORY, Workload.PAGE_AFTER, Workload.PAGE_SIZE);
    }

    /** One model call's usage added to a session's summary. */
    @Benchmark
    @Threads(1)
    public UsageSummary recordUsage(StoreUnderTest store) {
        return store.store.recordUsage(Workload.USAGE_SESSION, Workload.USAGE);
    }
}
