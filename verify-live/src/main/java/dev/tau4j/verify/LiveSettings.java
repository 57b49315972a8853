package dev.tau4j.verify;

import dev.tau4j.testing.PostgresSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a live run needs to know about its surroundings, resolved once at the start of the run
 * (from the environment and system properties there) and passed down explicitly; nothing deeper reads
 * the environment.
 *
 * @param executionId       the name of this run's execution, e.g. {@code pg15}; names its evidence
 * @param evidenceDirectory where this execution writes its evidence record
 * @param postgres          where the database comes from (the provider chain's settings)
 */
public record LiveSettings(String executionId, Path evidenceDirectory, PostgresSettings postgres) {

    /** System property: directory of this execution's evidence record. */
    public static final String EVIDENCE_PROPERTY = "tau4j.evidence.dir";
    /** System property: the execution id (defaults to {@code pg<major>}). */
    public static final String EXECUTION_PROPERTY = "tau4j.execution";

    public LiveSettings {
        Objects.requireNonNull(executionId, "executionId");
        Objects.requireNonNull(evidenceDirectory, "evidenceDirectory");
        Objects.requireNonNull(postgres, "postgres");
    }

    /**
     * Resolves the settings from an environment and system properties.
     *
     * @param environment typically {@link System#getenv()}
     * @param properties  typically {@link System#getProperties()}
     */
    public static LiveSettings resolve(Map<String, String> environment, Map<?, ?> properties) {
        PostgresSettings postgres = PostgresSettings.resolve(environment, properties);
        String execution = PostgresSettings.stringProperty(properties, EXECUTION_PROPERTY, "pg" + postgres.major());
        Path evidence = Path.of(PostgresSettings.stringProperty(properties, EVIDENCE_PROPERTY,
                "target/evidence/" + execution));
        return new LiveSettings(execution, evidence, postgres);
    }

    /** The PostgreSQL major to provision when no URL is given. */
    public int major() {
        return postgres.major();
    }
}
