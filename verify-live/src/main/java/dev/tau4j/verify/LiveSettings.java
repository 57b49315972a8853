package dev.tau4j.verify;

import dev.tau4j.postgres.PostgresUrl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a live run needs to know about its surroundings, resolved once at the start of the run
 * (from the environment and system properties there) and passed down explicitly; nothing deeper reads
 * the environment.
 *
 * @param executionId       the name of this run's execution, e.g. {@code pg15}; names its evidence
 * @param major             the PostgreSQL major to provision when no URL is given, e.g. 15
 * @param environmentUrl    a database URL given in the environment, if any
 * @param binariesDirectory where the embedded PostgreSQL binary jars are
 * @param evidenceDirectory where this execution writes its evidence record
 * @param startTimeout      readiness budget of a database this run starts
 * @param givenUrlTimeout   readiness budget of a database given by URL (it should already be up)
 */
public record LiveSettings(String executionId, int major, Optional<EnvironmentUrl> environmentUrl,
                           Path binariesDirectory, Path evidenceDirectory, Duration startTimeout,
                           Duration givenUrlTimeout) {

    /** Preferred variable holding a database URL (JDBC or libpq form). */
    public static final String URL_VARIABLE = "TAU4J_TEST_POSTGRES_URL";
    /** Tau's variable, accepted when {@link #URL_VARIABLE} is not set. */
    public static final String TAU_DSN_VARIABLE = "TAU_TEST_POSTGRES_DSN";

    /** System property: the PostgreSQL major to provision. */
    public static final String MAJOR_PROPERTY = "tau4j.postgres.major";
    /** System property: directory holding the embedded PostgreSQL binary jars. */
    public static final String BINARIES_PROPERTY = "tau4j.postgres.binariesDir";
    /** System property: directory of this execution's evidence record. */
    public static final String EVIDENCE_PROPERTY = "tau4j.evidence.dir";
    /** System property: the execution id (defaults to {@code pg<major>}). */
    public static final String EXECUTION_PROPERTY = "tau4j.execution";
    /** System property: readiness budget in seconds of a database this run starts. */
    public static final String START_TIMEOUT_PROPERTY = "tau4j.postgres.startTimeoutSeconds";
    /** System property: readiness budget in seconds of a database given by URL. */
    public static final String URL_TIMEOUT_PROPERTY = "tau4j.postgres.urlTimeoutSeconds";

    /** Newest supported major, used when no major is configured. */
    public static final int DEFAULT_MAJOR = 18;

    public LiveSettings {
        Objects.requireNonNull(executionId, "executionId");
        Objects.requireNonNull(environmentUrl, "environmentUrl");
        Objects.requireNonNull(binariesDirectory, "binariesDirectory");
        Objects.requireNonNull(evidenceDirectory, "evidenceDirectory");
        Objects.requireNonNull(startTimeout, "startTimeout");
        Objects.requireNonNull(givenUrlTimeout, "givenUrlTimeout");
        if (major < 10 || major > 99) {
            throw new IllegalArgumentException("PostgreSQL major must be between 10 and 99");
        }
    }

    /**
     * Resolves the settings from an environment and system properties.
     *
     * @param environment typically {@link System#getenv()}
     * @param properties  typically {@link System#getProperties()}
     */
    public static LiveSettings resolve(Map<String, String> environment, Map<?, ?> properties) {
        Optional<EnvironmentUrl> url = EnvironmentUrl.from(environment);
        int major = intProperty(properties, MAJOR_PROPERTY, DEFAULT_MAJOR);
        String execution = stringProperty(properties, EXECUTION_PROPERTY, "pg" + major);
        Path binaries = Path.of(stringProperty(properties, BINARIES_PROPERTY, "target/pg-binaries"));
        Path evidence = Path.of(stringProperty(properties, EVIDENCE_PROPERTY, "target/evidence/" + execution));
        Duration start = Duration.ofSeconds(intProperty(properties, START_TIMEOUT_PROPERTY, 60));
        Duration given = Duration.ofSeconds(intProperty(properties, URL_TIMEOUT_PROPERTY, 10));
        return new LiveSettings(execution, major, url, binaries, evidence, start, given);
    }

    private static String stringProperty(Map<?, ?> properties, String name, String fallback) {
        Object value = properties.get(name);
        return value == null || value.toString().isBlank() ? fallback : value.toString().strip();
    }

    private static int intProperty(Map<?, ?> properties, String name, int fallback) {
        String value = stringProperty(properties, name, null);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("system property " + name + " must be an integer", e);
        }
    }

    /**
     * A database URL found in the environment: the variable it came from, and either the parsed URL or
     * why it could not be parsed (a message that never quotes the URL).
     */
    public record EnvironmentUrl(String variable, Optional<PostgresUrl> url, Optional<String> problem) {

        public EnvironmentUrl {
            Objects.requireNonNull(variable, "variable");
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(problem, "problem");
            if (url.isPresent() == problem.isPresent()) {
                throw new IllegalArgumentException("exactly one of url and problem");
            }
        }

        /** {@link #URL_VARIABLE} when set and not blank, else {@link #TAU_DSN_VARIABLE}, else empty. */
        public static Optional<EnvironmentUrl> from(Map<String, String> environment) {
            for (String variable : new String[] {URL_VARIABLE, TAU_DSN_VARIABLE}) {
                String value = environment.get(variable);
                if (value != null && !value.isBlank()) {
                    try {
                        return Optional.of(new EnvironmentUrl(variable, Optional.of(PostgresUrl.parse(value)),
                                Optional.empty()));
                    } catch (IllegalArgumentException e) {
                        return Optional.of(new EnvironmentUrl(variable, Optional.empty(),
                                Optional.of(e.getMessage())));
                    }
                }
            }
            return Optional.empty();
        }

        /** Where the URL came from and where it points, password masked. */
        public String describe() {
            return variable + url.map(u -> " (" + u.masked() + ")").orElse("");
        }
    }
}
