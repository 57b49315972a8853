package dev.tau4j.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.tau4j.postgres.PostgresTimeouts;
import dev.tau4j.postgres.internal.PostgresDataSources;
import dev.tau4j.session.MessageCodec;
import dev.tau4j.session.SessionEntry;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.postgres.PostgresSessionStore;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * tau4j's PostgreSQL reads against raw JDBC, over sessions of 10 to 1,000,000 entries (JMH parameter
 * {@code size}): each read beside the plain indexed {@code SELECT} of the same rows with the same decoding, in
 * the same run, on the same server, through the same pool. The session is one chain written straight into the
 * store's tables ({@code generate_series}, after a first entry appended by the store), so its only tip is its
 * head: {@code tips} is compared with the read of the head.
 * <ul>
 *   <li>{@code page}: {@code entries(path, afterId, 1000)} at a random place;</li>
 *   <li>{@code head}, {@code entry} (a random id), {@code tips};</li>
 *   <li>{@code lineageTail}: the last 100 entries of the lineage of a random entry (raw: the primary-key
 *       range of the same ids, which in one chain are its ancestors);</li>
 *   <li>{@code lineage}: the whole lineage of the entry {@code min(size, 10,000)}, root first, up to 10,000
 *       entries deep (raw: the primary-key range of the same ids);</li>
 *   <li>{@code stream}: the whole session through {@code stream(path)} (raw: one cursor, fetch size 1,000),
 *       in a fork whose heap is 64 MiB: a read that kept the session in memory (about 270 bytes an entry)
 *       fails there at 1,000,000 entries. The heap in use after the last collection is printed per
 *       trial.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = LimitBenchmark.MEASURED_ITERATIONS, time = LimitBenchmark.ITERATION_SECONDS)
@Threads(1)
@State(Scope.Benchmark)
public class ReadLimitBenchmark {

    static final SessionPath PATH = SessionPath.of("bench/reads/session");
    static final int PAGE = 1_000;
    static final int TAIL = 100;
    static final int DEEP = 10_000;

    @Param({"10", "1000", "100000", "1000000"})
    int size;

    BenchPostgres postgres;
    HikariDataSource pool;
    PostgresSessionStore store;
    String entries;
    long sessionId;

    @Setup(Level.Trial)
    public void open() throws Exception {
        postgres = BenchPostgres.start(System.getenv(BenchPostgres.URL_VARIABLE));
        pool = PostgresDataSources.pooled(postgres.url(), "tau4j-bench", 2, PostgresTimeouts.DEFAULTS);
        store = PostgresSessionStore.builder().dataSource(pool).schema(postgres.schema()).build();
        entries = postgres.schema() + ".entries";
        sessionId = postgres.writeChain(store, PATH, size);
        System.out.println();
        System.out.println("# " + postgres.describe() + ", session of " + size + " entries");
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        System.out.println();
        System.out.printf("# heap: in use after the last collection %.1f MiB, max %.0f MiB%n", usedAfterGc() / 1048576.0,
                Runtime.getRuntime().maxMemory() / 1048576.0);
        try {
            store.close();
            pool.close();
        } finally {
            postgres.close();
        }
    }

    /** The heap in use after the last collection of each pool (0 before any collection). */
    private static long usedAfterGc() {
        long max = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                max += pool.getCollectionUsage().getUsed();
            }
        }
        long collections = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
        return collections == 0 ? 0 : max;
    }

    private long randomId() {
        return ThreadLocalRandom.current().nextLong(1, size + 1);
    }

    private long randomCursor() {
        return ThreadLocalRandom.current().nextLong(Math.max(1, size - PAGE + 1));
    }

    private List<SessionEntry> raw(String where, long... values) throws SQLException {
        try (Connection c = pool.getConnection();
             PreparedStatement select = c.prepareStatement("select entry_id, parent_id, message, accepted_at from "
                     + entries + " where session_id = ? and " + where)) {
            select.setLong(1, sessionId);
            for (int i = 0; i < values.length; i++) {
                select.setLong(i + 2, values[i]);
            }
            List<SessionEntry> rows = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(decode(rs));
                }
            }
            return rows;
        }
    }

    private static SessionEntry decode(ResultSet rs) throws SQLException {
        long parent = rs.getLong(2);
        return new SessionEntry(rs.getLong(1), rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(parent),
                MessageCodec.decode(rs.getString(3)), rs.getTimestamp(4).toInstant());
    }

    @Benchmark
    public List<SessionEntry> page_tau4j() {
        return store.entries(PATH, randomCursor(), PAGE);
    }

    @Benchmark
    public List<SessionEntry> page_raw() throws SQLException {
        return raw("entry_id > ? order by entry_id limit " + PAGE, randomCursor());
    }

    @Benchmark
    public Optional<SessionEntry> head_tau4j() {
        return store.head(PATH);
    }

    @Benchmark
    public List<SessionEntry> head_raw() throws SQLException {
        return raw("true order by entry_id desc limit 1");
    }

    @Benchmark
    public Optional<SessionEntry> entry_tau4j() {
        return store.entry(PATH, randomId());
    }

    @Benchmark
    public List<SessionEntry> entry_raw() throws SQLException {
        return raw("entry_id = ?", randomId());
    }

    @Benchmark
    public List<SessionEntry> tips_tau4j() {
        return store.tips(PATH);
    }

    @Benchmark
    public List<SessionEntry> tips_raw() throws SQLException {
        return head_raw();
    }

    @Benchmark
    public List<SessionEntry> lineageTail_tau4j() {
        return store.lineageTail(PATH, randomId(), TAIL);
    }

    @Benchmark
    public List<SessionEntry> lineageTail_raw() throws SQLException {
        long id = randomId();
        return raw("entry_id between ? and ? order by entry_id", Math.max(1, id - TAIL + 1), id);
    }

    @Benchmark
    public List<SessionEntry> lineage_tau4j() {
        return store.lineage(PATH, Math.min(size, DEEP));
    }

    @Benchmark
    public List<SessionEntry> lineage_raw() throws SQLException {
        return raw("entry_id <= ? order by entry_id", Math.min(size, DEEP));
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"-Xms64m", "-Xmx64m"})
    public long stream_tau4j(Blackhole blackhole) {
        try (Stream<SessionEntry> all = store.stream(PATH)) {
            return all.peek(blackhole::consume).count();
        }
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"-Xms64m", "-Xmx64m"})
    public long stream_raw(Blackhole blackhole) throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement select = c.prepareStatement("select entry_id, parent_id, message, accepted_at from "
                    + entries + " where session_id = ? order by entry_id")) {
                select.setFetchSize(PAGE);
                select.setLong(1, sessionId);
                long n = 0;
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        blackhole.consume(decode(rs));
                        n++;
                    }
                }
                return n;
            } finally {
                c.commit();
                c.setAutoCommit(true);
            }
        }
    }
}
