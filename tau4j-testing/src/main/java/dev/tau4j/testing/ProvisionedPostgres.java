package dev.tau4j.testing;

import dev.tau4j.postgres.PostgresUrl;
import dev.tau4j.testing.internal.Teardown;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A PostgreSQL that answered {@code select version()}, provisioned for one live run. {@link #close()}
 * tears it down (stops what was started; nothing for a database given by URL); a JVM shutdown hook does
 * the same if the run is interrupted first. Thread-safe.
 */
public final class ProvisionedPostgres implements AutoCloseable {

    private final String provider;
    private final String description;
    private final boolean givenByUrl;
    private final PostgresUrl url;
    private final String version;
    private final String serverVersion;
    private final int serverMajor;
    private final Duration provisionDuration;
    private final List<ProviderAttempt> attempts;
    private final Teardown teardown;

    /**
     * A database that answered, described by its provider; {@code stop} releases it (run once, by
     * {@link #close()} or a JVM shutdown hook, which is registered here).
     */
    public ProvisionedPostgres(String provider, String description, boolean givenByUrl, PostgresUrl url, String version,
                               String serverVersion, int serverMajor, Duration provisionDuration,
                               List<ProviderAttempt> attempts, StartedPostgres.Stop stop) {
        this(provider, description, givenByUrl, url, version, serverVersion, serverMajor, provisionDuration, attempts,
                new Teardown(provider + " (" + description + ")", stop));
    }

    ProvisionedPostgres(String provider, String description, boolean givenByUrl, PostgresUrl url, String version,
                 String serverVersion, int serverMajor, Duration provisionDuration, List<ProviderAttempt> attempts,
                 Teardown teardown) {
        this.provider = provider;
        this.description = description;
        this.givenByUrl = givenByUrl;
        this.url = url;
        this.version = version;
        this.serverVersion = serverVersion;
        this.serverMajor = serverMajor;
        this.provisionDuration = provisionDuration;
        this.attempts = List.copyOf(attempts);
        this.teardown = teardown;
    }

    /** The provider that supplied the database, e.g. {@code embedded}. */
    public String provider() {
        return provider;
    }

    /** What the database is (binaries, image, variable), without secrets. */
    public String description() {
        return description;
    }

    /** Whether the database was given by a URL in the environment rather than started by this run. */
    public boolean givenByUrl() {
        return givenByUrl;
    }

    /** Where the database is, credentials included; print only {@link PostgresUrl#masked()}. */
    public PostgresUrl url() {
        return url;
    }

    /** The answer to {@code select version()}. */
    public String version() {
        return version;
    }

    /** The answer to {@code show server_version}, e.g. {@code 15.19}. */
    public String serverVersion() {
        return serverVersion;
    }

    /** The server's major version, e.g. 15. */
    public int serverMajor() {
        return serverMajor;
    }

    /** From the first provider considered to the first answered query. */
    public Duration provisionDuration() {
        return provisionDuration;
    }

    /** Every provider considered, in order, the last one being the one that supplied the database. */
    public List<ProviderAttempt> attempts() {
        return attempts;
    }

    /** Whether {@link #close()} (or the shutdown hook) has run. */
    public boolean closed() {
        return teardown.done();
    }

    /** How long the teardown took; zero before it ran. */
    public Duration teardownDuration() {
        return teardown.duration();
    }

    /** Why the teardown failed, or empty. */
    public Optional<String> teardownProblem() {
        return teardown.problem();
    }

    /** Tears the database down; idempotent. Failures are recorded in {@link #teardownProblem()}. */
    @Override
    public void close() {
        teardown.run();
    }

    @Override
    public String toString() {
        return provider + " PostgreSQL " + serverVersion + " at " + url.masked();
    }
}
