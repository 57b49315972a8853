package dev.tau4j.testing;

import dev.tau4j.postgres.PostgresUrl;
import java.util.Objects;

/**
 * A database a {@link PostgresProvider} started or connected to, not yet known to be ready.
 *
 * @param url         where it is (with credentials)
 * @param description what it is, for logs and evidence (no secret), e.g. the binaries used
 * @param stop        releases what was started; a no-op for a database given by URL
 */
public record StartedPostgres(PostgresUrl url, String description, Stop stop) {

    public StartedPostgres {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(stop, "stop");
    }

    /** Releases a started database. */
    @FunctionalInterface
    public interface Stop {
        void stop() throws Exception;
    }
}
