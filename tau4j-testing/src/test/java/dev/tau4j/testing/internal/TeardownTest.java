package dev.tau4j.testing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Teardown")
class TeardownTest {

    @Test
    @DisplayName("stops once, however often it is asked")
    void once() {
        AtomicInteger stops = new AtomicInteger();
        Teardown teardown = new Teardown("test database", stops::incrementAndGet);
        assertThat(teardown.done()).isFalse();
        assertThat(teardown.run()).isTrue();
        assertThat(teardown.run()).isTrue();
        assertThat(stops.get()).isEqualTo(1);
        assertThat(teardown.done()).isTrue();
        assertThat(teardown.problem()).isEmpty();
    }

    @Test
    @DisplayName("records why stopping failed, and does not retry")
    void failure() {
        AtomicInteger stops = new AtomicInteger();
        Teardown teardown = new Teardown("test database", () -> {
            stops.incrementAndGet();
            throw new IllegalStateException("pg_ctl stop timed out");
        });
        assertThat(teardown.run()).isFalse();
        assertThat(teardown.run()).isFalse();
        assertThat(stops.get()).isEqualTo(1);
        assertThat(teardown.problem()).contains("IllegalStateException: pg_ctl stop timed out");
    }
}
