package dev.tau4j.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Usage deltas and summaries are exact and refuse bad values")
class UsageTest {

    @Test
    @DisplayName("a million small deltas sum without drift")
    void noDrift() {
        UsageSummary sum = UsageSummary.ZERO;
        UsageDelta delta = UsageDelta.of(1, 0, 1, 0.000001);
        for (int i = 0; i < 1_000_000; i++) {
            sum = sum.plus(delta);
        }
        assertThat(sum).isEqualTo(new UsageSummary(1_000_000, 0, 1_000_000, BigDecimal.ONE));
    }

    @Test
    @DisplayName("costs are canonical so equal amounts are equal values")
    void canonicalCost() {
        assertThat(UsageDelta.of(0, 0, 0, "0.0070")).isEqualTo(UsageDelta.of(0, 0, 0, 0.007));
        assertThat(UsageDelta.of(0, 0, 0, "1E+2").estimatedCostUsd().toPlainString()).isEqualTo("100");
        assertThat(UsageDelta.of(0, 0, 0, "0.000").isZero()).isTrue();
        assertThat(UsageDelta.of(10, 3, 13, 0.007).isZero()).isFalse();
    }

    @Test
    @DisplayName("negative, non-finite, too precise and too large values are refused")
    void refused() {
        assertThatThrownBy(() -> UsageDelta.of(-1, 0, 0, "0")).isInstanceOf(InvalidUsageException.class)
                .hasMessageContaining("inputTokens");
        assertThatThrownBy(() -> UsageDelta.of(0, -1, 0, "0")).hasMessageContaining("outputTokens");
        assertThatThrownBy(() -> UsageDelta.of(0, 0, -1, "0")).hasMessageContaining("totalTokens");
        assertThatThrownBy(() -> UsageDelta.of(0, 0, 0, "-0.01")).hasMessageContaining("negative");
        assertThatThrownBy(() -> UsageDelta.of(0, 0, 0, Double.NaN)).isInstanceOf(InvalidUsageException.class);
        assertThatThrownBy(() -> UsageDelta.of(0, 0, 0, Double.POSITIVE_INFINITY)).isInstanceOf(InvalidUsageException.class);
        assertThatThrownBy(() -> UsageDelta.of(0, 0, 0, "abc")).hasMessageContaining("not a decimal");
        assertThatThrownBy(() -> UsageDelta.of(0, 0, 0, "0.0000000000001")).hasMessageContaining("12 decimal places");
        assertThatThrownBy(() -> UsageDelta.of(0, 0, 0, "1e18")).hasMessageContaining("below 10^18");
        assertThatThrownBy(() -> new UsageDelta(0, 0, 0, null)).isInstanceOf(InvalidUsageException.class);
    }

    @Test
    @DisplayName("overflowing a total is refused")
    void overflow() {
        UsageSummary big = UsageSummary.ZERO.plus(new UsageDelta(Long.MAX_VALUE, 0, 0, BigDecimal.ZERO));
        assertThatThrownBy(() -> big.plus(UsageDelta.of(1, 0, 0, "0"))).isInstanceOf(InvalidUsageException.class)
                .hasMessageContaining("overflow");
        UsageSummary rich = UsageSummary.ZERO.plus(UsageDelta.of(0, 0, 0, "999999999999999999"));
        assertThatThrownBy(() -> rich.plus(UsageDelta.of(0, 0, 0, "1"))).isInstanceOf(InvalidUsageException.class);
    }
}
