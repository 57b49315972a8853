package dev.tau4j.testing.internal;

import dev.tau4j.testing.PostgresSettings;
import dev.tau4j.testing.PostgresProvider;
import dev.tau4j.testing.StartedPostgres;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** A database the user pointed at through the environment. Explicit: it never falls back. */
public final class EnvironmentUrlProvider implements PostgresProvider {

    private final Optional<PostgresSettings.EnvironmentUrl> environmentUrl;
    private final Duration budget;

    public EnvironmentUrlProvider(Optional<PostgresSettings.EnvironmentUrl> environmentUrl, Duration budget) {
        this.environmentUrl = Objects.requireNonNull(environmentUrl, "environmentUrl");
        this.budget = Objects.requireNonNull(budget, "budget");
    }

    @Override
    public String name() {
        return "environment-url";
    }

    @Override
    public Optional<String> unavailableReason() {
        return environmentUrl.isPresent() ? Optional.empty()
                : Optional.of("no URL given (" + PostgresSettings.URL_VARIABLE + " and " + PostgresSettings.TAU_DSN_VARIABLE
                        + " are not set)");
    }

    @Override
    public boolean explicit() {
        return true;
    }

    @Override
    public Duration readinessBudget() {
        return budget;
    }

    @Override
    public StartedPostgres start() {
        PostgresSettings.EnvironmentUrl given = environmentUrl.orElseThrow();
        if (given.problem().isPresent()) {
            throw new IllegalArgumentException(given.variable() + " is set but is not a usable PostgreSQL URL: "
                    + given.problem().get());
        }
        return new StartedPostgres(given.url().orElseThrow(), "database given by " + given.variable(), () -> { });
    }
}
