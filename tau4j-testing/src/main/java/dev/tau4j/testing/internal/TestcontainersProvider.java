package dev.tau4j.testing.internal;

import dev.tau4j.postgres.PostgresUrl;
import dev.tau4j.testing.PostgresProvider;
import dev.tau4j.testing.StartedPostgres;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/** A throw-away PostgreSQL container, when a Docker engine is usable. */
public final class TestcontainersProvider implements PostgresProvider {

    private final int major;
    private final Duration budget;

    public TestcontainersProvider(int major, Duration budget) {
        this.major = major;
        this.budget = budget;
    }

    @Override
    public String name() {
        return "testcontainers";
    }

    @Override
    public Optional<String> unavailableReason() {
        try {
            return DockerClientFactory.instance().isDockerAvailable() ? Optional.empty()
                    : Optional.of("no Docker engine");
        } catch (RuntimeException | LinkageError e) {
            return Optional.of("no Docker engine (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
    }

    @Override
    public Duration readinessBudget() {
        return budget;
    }

    @Override
    public StartedPostgres start() {
        String image = "postgres:" + major + "-alpine";
        PostgreSQLContainer container = new PostgreSQLContainer(DockerImageName.parse(image))
                .withStartupTimeout(budget);
        try {
            container.start();
            PostgresUrl url = PostgresUrl.of(container.getHost(), container.getMappedPort(5432),
                    container.getDatabaseName(), container.getUsername(), container.getPassword(), Map.of());
            return new StartedPostgres(url, "container " + image, container::stop);
        } catch (RuntimeException e) {
            container.stop();
            throw e;
        }
    }
}
