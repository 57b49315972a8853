package dev.tau4j.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PostgresTimeoutsTest {

    @Test
    @DisplayName("the defaults bound a call to 29 s; fail-fast to a few seconds")
    void bounds() {
        assertThat(PostgresTimeouts.DEFAULTS.callBound()).isEqualTo(Duration.ofSeconds(29));
        assertThat(PostgresTimeouts.FAIL_FAST.callBound()).isEqualTo(Duration.ofSeconds(5));
        assertThat(PostgresTimeouts.DEFAULTS.connectSeconds()).isEqualTo(5);
        assertThat(PostgresTimeouts.DEFAULTS.withSocket(Duration.ofMillis(10_001)).socketSeconds()).isEqualTo(11);
    }

    @Test
    @DisplayName("bad values are refused when set, naming the value")
    void refused() {
        assertThatThrownBy(() -> PostgresTimeouts.DEFAULTS.withConnect(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connect");
        assertThatThrownBy(() -> PostgresTimeouts.DEFAULTS.withLock(Duration.ofHours(2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lock");
        assertThatThrownBy(() -> PostgresTimeouts.DEFAULTS.withPoolWait(Duration.ofMillis(100)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("poolWait");
        assertThatThrownBy(() -> PostgresTimeouts.DEFAULTS.withStatement(Duration.ofSeconds(12)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must exceed the statement");
        assertThatThrownBy(() -> PostgresTimeouts.DEFAULTS.withIdleInTransaction(null))
                .isInstanceOf(NullPointerException.class);
    }
}
