package dev.tau4j.testing;

import dev.tau4j.postgres.PostgresUrl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a PostgreSQL for tests may come from, resolved once from the environment and system properties
 * and passed down explicitly; nothing deeper reads the environment.
 *
 * @param major             the PostgreSQL major to start when no URL is given (the container's image, and the
 *                          binary jar picked from {@code binariesDirectory}), e.g. 15
 * @param environmentUrl    a database URL given in the environment, if any
 * @param binariesDirectory where embedded PostgreSQL binary jars may be (one a major); when it holds none for
 *                          {@code major}, the binaries on the classpath are used
 * @param startTimeout      readiness budget of a database that is started
 * @param givenUrlTimeout   readiness budget of a database given by URL (it should already be up)
 */
public record PostgresSettings(int major, Optional<EnvironmentUrl> environmentUrl, Path binariesDirectory,
                               Duration startTimeout, Duration givenUrlTimeout) {

    /** Preferred variable holding a database URL (JDBC or libpq form). */
    public static final String URL_VARIABLE = "TAU4J_TEST_POSTGRES_URL";
    /** Tau's variable, accepted when {@link #URL_VARIABLE} is not set. */
    public static final String TAU_DSN_VARIABLE = "TAU_TEST_POSTGRES_DSN";

    /** System property: the PostgreSQL major to start. */
    public static final String MAJOR_PROPERTY = "tau4j.postgres.major";
    /** System property: directory holding embedded PostgreSQL binary jars. */
    public static final String BINARIES_PROPERTY = "tau4j.postgres.binariesDir";
    /** System property: readiness budget in seconds of a database that is started. */
    public static final String START_TIMEOUT_PROPERTY = "tau4j.postgres.startTimeoutSeconds";
    /** System property: readiness budget in seconds of a database given by URL. */
    public static final String URL_TIMEOUT_PROPERTY = "tau4j.postgres.urlTimeoutSeconds";

    /** Newest supported major, used when no major is configured. */
    public static final int DEFAULT_MAJOR = 18;

    /** Checks every component. */
    public PostgresSettings {
        Objects.requireNonNull(environmentUrl, "environmentUrl");
        Objects.requireNonNull(binariesDirectory, "binariesDirectory");
        Objects.requireNonNull(startTimeout, "startTimeout");
        Objects.requireNonNull(givenUrlTimeout, "givenUrlTimeout");
        if (major < 10 || major > 99) {
            throw new IllegalArgumentException("PostgreSQL major must be between 10 and 99");
        }
        if (startTimeout.isNegative() || startTimeout.isZero() || givenUrlTimeout.isNegative() || givenUrlTimeout.isZero()) {
            throw new IllegalArgumentException("readiness budgets must be positive");
        }
    }

    /**
     * Resolves the settings from an environment and system properties (defaults: major {@value #DEFAULT_MAJOR},
     * binaries in {@code target/pg-binaries}, 60 s to start, 10 s for a given URL).
     *
     * @param environment typically {@link System#getenv()}
     * @param properties  typically {@link System#getProperties()}
     * @throws IllegalArgumentException when a property is not a number where one is expected
     */
    public static PostgresSettings resolve(Map<String, String> environment, Map<?, ?> properties) {
        return new PostgresSettings(intProperty(properties, MAJOR_PROPERTY, DEFAULT_MAJOR),
                EnvironmentUrl.from(environment),
                Path.of(stringProperty(properties, BINARIES_PROPERTY, "target/pg-binaries")),
                Duration.ofSeconds(intProperty(properties, START_TIMEOUT_PROPERTY, 60)),
                Duration.ofSeconds(intProperty(properties, URL_TIMEOUT_PROPERTY, 10)));
    }

    /** These settings for another major. */
    public PostgresSettings withMajor(int otherMajor) {
        return new PostgresSettings(otherMajor, environmentUrl, binariesDirectory, startTimeout, givenUrlTimeout);
    }

    /** The value of a system property, or {@code fallback} when it is absent or blank. */
    public static String stringProperty(Map<?, ?> properties, String name, String fallback) {
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
     *
     * @param variable the variable's name
     * @param url      the parsed URL, when it could be parsed
     * @param problem  why it could not be parsed, otherwise
     */
    public record EnvironmentUrl(String variable, Optional<PostgresUrl> url, Optional<String> problem) {

        /** Checks that exactly one of {@code url} and {@code problem} is present. */
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
