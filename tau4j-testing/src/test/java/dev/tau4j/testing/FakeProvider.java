package dev.tau4j.testing;

import dev.tau4j.postgres.PostgresUrl;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** A provider for chain tests: unavailable, failing on start, or "started" at an address nobody answers. */
final class FakeProvider implements PostgresProvider {

    final String name;
    final String unavailable;
    final boolean explicit;
    final String startFailure;
    final AtomicInteger starts = new AtomicInteger();
    final AtomicInteger stops = new AtomicInteger();

    private FakeProvider(String name, String unavailable, boolean explicit, String startFailure) {
        this.name = name;
        this.unavailable = unavailable;
        this.explicit = explicit;
        this.startFailure = startFailure;
    }

    static FakeProvider unavailable(String name, String reason) {
        return new FakeProvider(name, reason, false, null);
    }

    static FakeProvider failingToStart(String name, String failure) {
        return new FakeProvider(name, null, false, failure);
    }

    /** Starts "successfully" but points at a closed port, so readiness fails. */
    static FakeProvider neverReady(String name, boolean explicit) {
        return new FakeProvider(name, null, explicit, null);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Optional<String> unavailableReason() {
        return Optional.ofNullable(unavailable);
    }

    @Override
    public boolean explicit() {
        return explicit;
    }

    @Override
    public Duration readinessBudget() {
        return Duration.ofMillis(300);
    }

    @Override
    public StartedPostgres start() throws Exception {
        starts.incrementAndGet();
        if (startFailure != null) {
            throw new IllegalStateException(startFailure);
        }
        PostgresUrl url = PostgresUrl.of("127.0.0.1", 1, "none", "nobody", "fake-provider-password", Map.of());
        return new StartedPostgres(url, name + " database", stops::incrementAndGet);
    }
}
