package dev.tau4j.verify;

import dev.tau4j.testing.PostgresSettings;
import java.util.Objects;

/**
 * What one execution of the live run needs to know, resolved once by {@link LiveVerifier} and passed down
 * explicitly; nothing deeper reads the environment.
 *
 * @param executionId the name of the execution, e.g. {@code pg15}; names its evidence
 * @param postgres    where its database comes from (the provider chain's settings, with its major)
 */
public record LiveSettings(String executionId, PostgresSettings postgres) {

    public LiveSettings {
        Objects.requireNonNull(executionId, "executionId");
        Objects.requireNonNull(postgres, "postgres");
    }

    /** The PostgreSQL major to provision when no URL is given. */
    public int major() {
        return postgres.major();
    }
}
