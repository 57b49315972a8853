package dev.tau4j.bench;

import dev.tau4j.session.SessionListing;
import dev.tau4j.session.SessionStore;
import dev.tau4j.session.SessionSummary;
import dev.tau4j.session.memory.InMemorySessionStore;
import dev.tau4j.session.postgres.PostgresSessionStore;
import java.util.List;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The store one trial measures, shared by all its threads: {@code memory} ({@link InMemorySessionStore})
 * or {@code postgres} ({@link PostgresSessionStore} with its default pool of 10 connections, on the
 * database {@link BenchPostgres} provides). The fixtures of {@link Workload} are written before the
 * trial; the sessions written while measuring are deleted after every iteration.
 */
@State(Scope.Benchmark)
public class StoreUnderTest {

    @Param({"memory", "postgres"})
    public String backend;

    SessionStore store;

    private BenchPostgres postgres;

    @Setup(Level.Trial)
    public void open() throws Exception {
        switch (backend) {
            case "memory" -> store = InMemorySessionStore.create();
            case "postgres" -> {
                // The environment is read here, once per trial, and nowhere else.
                postgres = BenchPostgres.start(System.getenv(BenchPostgres.URL_VARIABLE));
                try {
                    store = PostgresSessionStore.builder().url(postgres.url()).schema(postgres.schema()).build();
                    // JMH has already printed the iteration's label: start a line of our own.
                    System.out.println();
                    System.out.println("# " + postgres.describe());
                } catch (Exception | Error e) {
                    // JMH skips the trial's teardown when its setup fails.
                    try {
                        close();
                    } catch (Exception suppressed) {
                        e.addSuppressed(suppressed);
                    }
                    throw e;
                }
            }
            default -> throw new IllegalArgumentException("unknown backend '" + backend + "': memory or postgres");
        }
        Workload.writeFixtures(store);
    }

    @TearDown(Level.Iteration)
    public void deleteWrites() {
        List<SessionSummary> written;
        do {
            written = store.listSessions(SessionListing.under(Workload.WRITES).limit(SessionListing.MAX_LIMIT));
            written.forEach(session -> store.deleteSession(session.path()));
        } while (!written.isEmpty());
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        try {
            if (store != null) {
                store.close();
            }
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
    }
}
