package dev.tau4j.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.tau4j.postgres.internal.PostgresDataSources;
import dev.tau4j.postgres.PostgresTimeouts;
import dev.tau4j.session.Append;
import dev.tau4j.session.Message;
import dev.tau4j.session.MessageCodec;
import dev.tau4j.session.SessionEntry;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.postgres.PostgresSessionStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Blackhole;

/**
 * tau4j's PostgreSQL store against the limit: each tau4j operation beside the raw JDBC baseline that does
 * the least the operation must do, in the same run, on the same server and through the same HikariCP
 * pool. Methods come in pairs named {@code <operation>_tau4j} and {@code <operation>_raw};
 * {@link RatioTable} prints the ratio of their times with its spread. The fixtures:
 * <ul>
 *   <li>appends: one small message under the previous one (tau4j: a plain append; raw: one
 *       {@code INSERT} of an equivalent row, auto-committed), and 1,000 messages at once (tau4j: one
 *       append; raw: {@code addBatch} × 1,000 and one commit);</li>
 *   <li>16 writers, each appending one message at a time to a session of its own (tau4j: appends; raw: the
 *       single {@code INSERT}, auto-committed, over JDBC; and pgbench with 16 clients inserting the same row
 *       on the same server, run by the harness after tau4j's trial, see {@link Pgbench});</li>
 *   <li>{@code appendOne_interleaved}: the same two single appends in ONE trial, alternating call by call
 *       (raw first on every other call), each timed on its own ({@link PairTimes}): both contenders meet the
 *       same server, disk and moment, so the ratio does not carry the difference between two trials;</li>
 *   <li>{@code appendKeyed_tau4j} against {@code appendKeyed_raw}, which is tau4j's unkeyed append: the
 *       price of an idempotency key;</li>
 *   <li>reads: a page of 1,000 entries at a random place of a 1,000,000-entry session (tau4j:
 *       {@code entries(path, afterId, 1000)}; raw: the plain keyset {@code SELECT} of the same rows on
 *       the same table, every message decoded as tau4j does).</li>
 * </ul>
 * The 1,000,000-entry session is written once per trial straight into the store's tables with
 * {@code generate_series} (a fixture, not a measurement), after a first entry appended by the store.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = LimitBenchmark.MEASURED_ITERATIONS, time = LimitBenchmark.ITERATION_SECONDS)
@Threads(1)
public class LimitBenchmark {

    /** The server, one pool shared by tau4j and the raw baselines, the store over it, the raw table. */
    @State(Scope.Benchmark)
    public static class Limit {
        BenchPostgres postgres;
        HikariDataSource pool;
        PostgresSessionStore store;
        String rawTable;
        String benchmark;
        final AtomicLong sessions = new AtomicLong();

        @Setup(Level.Trial)
        public void open(BenchmarkParams params) throws Exception {
            benchmark = params.getBenchmark();
            postgres = BenchPostgres.start(System.getenv(BenchPostgres.URL_VARIABLE));
            pool = PostgresDataSources.pooled(postgres.url(), "tau4j-bench", WRITERS, PostgresTimeouts.DEFAULTS);
            store = PostgresSessionStore.builder().dataSource(pool).schema(postgres.schema()).build();
            rawTable = postgres.schema() + ".raw_entries";
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                // The same columns and primary key as tau4j's entries, without its session row and foreign keys.
                s.execute("create table " + rawTable + " (session_id bigint not null, entry_id bigint not null,"
                        + " parent_id bigint, message text not null, accepted_at timestamptz not null default now(),"
                        + " primary key (session_id, entry_id))");
            }
            System.out.println();
            System.out.println("# " + postgres.describe());
        }

        @TearDown(Level.Trial)
        public void close() throws Exception {
            try {
                if (benchmark.endsWith(".writers16_tau4j")) {
                    pgbench();
                }
                store.close();
                pool.close();
            } finally {
                postgres.close();
            }
        }

        /**
         * pgbench on this trial's server, after tau4j's writers: as many rounds and seconds as JMH's measured
         * iterations (after one warm-up round), written to {@value #PGBENCH_RESULT} for {@link RatioTable}.
         */
        private void pgbench() throws Exception {
            Path work = Files.createTempDirectory("tau4j-pgbench");
            try {
                List<Pgbench.Round> rounds = Pgbench.run(postgres.url(), rawTable, MessageCodec.encode(Workload.MESSAGE),
                        WRITERS, MEASURED_ITERATIONS, ITERATION_SECONDS, work);
                Pgbench.write(Path.of(System.getProperty("tau4j.bench.pgbenchResult", PGBENCH_RESULT)),
                        "writers16_pgbench", rounds);
                System.out.println();
                System.out.println("# pgbench, " + WRITERS + " clients, one INSERT per transaction, on this server: "
                        + rounds);
            } finally {
                try (var files = Files.list(work)) {
                    for (Path file : (Iterable<Path>) files::iterator) {
                        Files.delete(file);
                    }
                }
                Files.delete(work);
            }
        }
    }

    /** Where the pgbench rounds go (relative to the working directory, the repository's root in the script). */
    static final String PGBENCH_RESULT = "benchmarks/target/pgbench-result.json";
    static final int WRITERS = 16;
    static final int MEASURED_ITERATIONS = 5;
    static final int ITERATION_SECONDS = 3;

    /** One writer's own session (tau4j) and raw session id, started over every iteration. */
    @State(Scope.Thread)
    public static class Writer {
        SessionPath path;
        long parent;
        long rawSession;
        long rawNext;

        @Setup(Level.Iteration)
        public void startOver(Limit limit) {
            long n = limit.sessions.incrementAndGet();
            path = SessionPath.of("bench/limit/" + n);
            parent = 0;
            rawSession = n;
            rawNext = 1;
        }
    }

    /** The 1,000,000-entry session the page reads go through. */
    @State(Scope.Benchmark)
    public static class BigSession {
        static final SessionPath PATH = SessionPath.of("bench/limit/big");
        static final int ENTRIES = 1_000_000;
        long sessionId;

        @Setup(Level.Trial)
        public void write(Limit limit) throws SQLException {
            sessionId = limit.postgres.writeChain(limit.store, PATH, ENTRIES);
        }
    }

    private static final List<Message> THOUSAND = batchOf(1_000);

    // ---- one small message --------------------------------------------------------------------------

    @Benchmark
    public List<SessionEntry> appendOne_tau4j(Limit limit, Writer writer) {
        return append(limit, writer, Workload.ONE_MESSAGE, false);
    }

    @Benchmark
    public int appendOne_raw(Limit limit, Writer writer) throws SQLException {
        try (Connection c = limit.pool.getConnection();
             PreparedStatement insert = c.prepareStatement("insert into " + limit.rawTable
                     + " (session_id, entry_id, parent_id, message) values (?, ?, ?, ?)")) {
            long id = writer.rawNext++;
            insert.setLong(1, writer.rawSession);
            insert.setLong(2, id);
            if (id > 1) {
                insert.setLong(3, id - 1);
            } else {
                insert.setNull(3, java.sql.Types.BIGINT);
            }
            insert.setString(4, MessageCodec.encode(Workload.MESSAGE));
            return insert.executeUpdate();
        }
    }

    /**
     * The time each contender of an interleaved pair spent, summed over an iteration, and the pairs run: JMH
     * reports each field per iteration as a secondary result, {@link RatioTable} divides them.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class PairTimes {
        public long tau4jNanos;
        public long rawNanos;
        public long pairs;
        boolean rawFirst;

        @Setup(Level.Iteration)
        public void reset() {
            tau4jNanos = 0;
            rawNanos = 0;
            pairs = 0;
        }
    }

    @Benchmark
    public void appendOne_interleaved(Limit limit, Writer writer, PairTimes times, Blackhole blackhole)
            throws SQLException {
        times.rawFirst = !times.rawFirst;
        if (times.rawFirst) {
            long start = System.nanoTime();
            blackhole.consume(appendOne_raw(limit, writer));
            long middle = System.nanoTime();
            blackhole.consume(appendOne_tau4j(limit, writer));
            times.rawNanos += middle - start;
            times.tau4jNanos += System.nanoTime() - middle;
        } else {
            long start = System.nanoTime();
            blackhole.consume(appendOne_tau4j(limit, writer));
            long middle = System.nanoTime();
            blackhole.consume(appendOne_raw(limit, writer));
            times.tau4jNanos += middle - start;
            times.rawNanos += System.nanoTime() - middle;
        }
        times.pairs++;
    }

    // ---- the price of an idempotency key ------------------------------------------------------------

    @Benchmark
    public List<SessionEntry> appendKeyed_tau4j(Limit limit, Writer writer) {
        return append(limit, writer, Workload.ONE_MESSAGE, true);
    }

    @Benchmark
    public List<SessionEntry> appendKeyed_raw(Limit limit, Writer writer) {
        return append(limit, writer, Workload.ONE_MESSAGE, false);
    }

    // ---- 1,000 messages at once ---------------------------------------------------------------------

    @Benchmark
    public List<SessionEntry> appendThousand_tau4j(Limit limit, Writer writer) {
        return append(limit, writer, THOUSAND, false);
    }

    @Benchmark
    public int[] appendThousand_raw(Limit limit, Writer writer) throws SQLException {
        try (Connection c = limit.pool.getConnection();
             PreparedStatement insert = c.prepareStatement("insert into " + limit.rawTable
                     + " (session_id, entry_id, parent_id, message) values (?, ?, ?, ?)")) {
            c.setAutoCommit(false);
            try {
                for (Message message : THOUSAND) {
                    long id = writer.rawNext++;
                    insert.setLong(1, writer.rawSession);
                    insert.setLong(2, id);
                    insert.setObject(3, id > 1 ? id - 1 : null, java.sql.Types.BIGINT);
                    insert.setString(4, MessageCodec.encode(message));
                    insert.addBatch();
                }
                int[] counts = insert.executeBatch();
                c.commit();
                return counts;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    // ---- 16 writers, each on its own session -------------------------------------------------------

    @Benchmark
    @Threads(WRITERS)
    public List<SessionEntry> writers16_tau4j(Limit limit, Writer writer) {
        return append(limit, writer, Workload.ONE_MESSAGE, false);
    }

    @Benchmark
    @Threads(WRITERS)
    public int writers16_raw(Limit limit, Writer writer) throws SQLException {
        return appendOne_raw(limit, writer);
    }

    // ---- a page of a 1,000,000-entry session --------------------------------------------------------

    @Benchmark
    public List<SessionEntry> pageOfMillion_tau4j(Limit limit, BigSession big) {
        return limit.store.entries(BigSession.PATH, randomCursor(), 1_000);
    }

    @Benchmark
    public List<SessionEntry> pageOfMillion_raw(Limit limit, BigSession big) throws SQLException {
        try (Connection c = limit.pool.getConnection();
             PreparedStatement select = c.prepareStatement("select entry_id, parent_id, message, accepted_at from "
                     + limit.postgres.schema() + ".entries where session_id = ? and entry_id > ? order by entry_id limit 1000")) {
            select.setLong(1, big.sessionId);
            select.setLong(2, randomCursor());
            List<SessionEntry> page = new ArrayList<>(1_000);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    long parent = rs.getLong(2);
                    page.add(new SessionEntry(rs.getLong(1), rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(parent),
                            MessageCodec.decode(rs.getString(3)), rs.getTimestamp(4).toInstant()));
                }
            }
            return page;
        }
    }

    private static long randomCursor() {
        return ThreadLocalRandom.current().nextLong(BigSession.ENTRIES - 1_000);
    }

    private static List<SessionEntry> append(Limit limit, Writer writer, List<Message> messages, boolean keyed) {
        Append.Builder append = Append.to(writer.path).messages(messages);
        if (writer.parent > 0) {
            append.under(writer.parent);
        }
        if (keyed) {
            append.idempotencyKey(UUID.randomUUID().toString());
        }
        List<SessionEntry> written = limit.store.append(append.build());
        writer.parent = written.get(written.size() - 1).id();
        return written;
    }

    private static List<Message> batchOf(int size) {
        List<Message> messages = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            messages.add(Workload.MESSAGE);
        }
        return List.copyOf(messages);
    }
}
