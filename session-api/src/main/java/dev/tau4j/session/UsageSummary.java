package dev.tau4j.session;

import java.math.BigDecimal;

/**
 * A session's cumulative usage. A session with no recorded usage reads as {@link #ZERO}. The cost is
 * exact and in canonical form (see {@link UsageDelta}), so summaries compare with {@code equals}.
 */
public record UsageSummary(long inputTokens, long outputTokens, long totalTokens, BigDecimal estimatedCostUsd) {

    public static final UsageSummary ZERO = new UsageSummary(0, 0, 0, BigDecimal.ZERO);

    public UsageSummary {
        if (inputTokens < 0 || outputTokens < 0 || totalTokens < 0) {
            throw new IllegalArgumentException("usage counters must not be negative");
        }
        estimatedCostUsd = UsageDelta.normalizeCost(estimatedCostUsd);
    }

    /**
     * This summary plus {@code delta}. Throws {@link InvalidUsageException} when a counter would
     * overflow a {@code long} or the cost would reach {@link UsageDelta#COST_LIMIT}.
     */
    public UsageSummary plus(UsageDelta delta) {
        try {
            return new UsageSummary(
                    Math.addExact(inputTokens, delta.inputTokens()),
                    Math.addExact(outputTokens, delta.outputTokens()),
                    Math.addExact(totalTokens, delta.totalTokens()),
                    estimatedCostUsd.add(delta.estimatedCostUsd()));
        } catch (ArithmeticException | InvalidUsageException e) {
            throw new InvalidUsageException("usage delta would overflow the session's totals: " + e.getMessage());
        }
    }
}
