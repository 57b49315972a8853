package dev.tau4j.spring.boot;

import dev.tau4j.session.SessionListing;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.SessionStore;
import java.util.Objects;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health of the session store: {@code UP} when a listing of one session under the path prefix answers,
 * {@code DOWN} with the store's typed error otherwise. The check waits no longer than the store's own bounds
 * (the {@code DataSource}'s connection timeout and the store's statement timeouts).
 */
public final class Tau4jSessionHealthIndicator implements HealthIndicator {

    private final SessionStore store;
    private final SessionPath prefix;

    /** Checks {@code store} by listing under {@code pathPrefix}. */
    public Tau4jSessionHealthIndicator(SessionStore store, String pathPrefix) {
        this.store = Objects.requireNonNull(store, "store");
        this.prefix = SessionPath.of(pathPrefix);
    }

    @Override
    public Health health() {
        try {
            store.listSessions(SessionListing.under(prefix).limit(1));
            return Health.up().withDetail("store", store.getClass().getSimpleName()).build();
        } catch (RuntimeException e) {
            return Health.down(e).withDetail("store", store.getClass().getSimpleName()).build();
        }
    }
}
