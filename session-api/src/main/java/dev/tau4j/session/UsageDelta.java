package dev.tau4j.session;

import java.math.BigDecimal;

/**
 * An amount of usage to add to a session's {@link UsageSummary}. Every counter is non-negative;
 * {@code totalTokens} is an independent counter (not derived from input and output). The cost is an
 * exact decimal with at most {@value #MAX_COST_SCALE} decimal places, so a million small deltas sum
 * without drift. Invalid values throw {@link InvalidUsageException}.
 */
public record UsageDelta(long inputTokens, long outputTokens, long totalTokens, BigDecimal estimatedCostUsd) {

    /** Decimal places kept for a cost in USD. */
    public static final int MAX_COST_SCALE = 12;
    /** Exclusive upper bound on a cost (and on a session's cumulative cost): 10^18 USD. */
    public static final BigDecimal COST_LIMIT = BigDecimal.TEN.pow(18);

    public static final UsageDelta ZERO = new UsageDelta(0, 0, 0, BigDecimal.ZERO);

    public UsageDelta {
        requireNonNegative("inputTokens", inputTokens);
        requireNonNegative("outputTokens", outputTokens);
        requireNonNegative("totalTokens", totalTokens);
        estimatedCostUsd = normalizeCost(estimatedCostUsd);
    }

    /** A delta whose cost is given as a decimal string, e.g. {@code "0.007"}. */
    public static UsageDelta of(long inputTokens, long outputTokens, long totalTokens, String estimatedCostUsd) {
        if (estimatedCostUsd == null) {
            throw new InvalidUsageException("estimatedCostUsd must not be null");
        }
        try {
            return new UsageDelta(inputTokens, outputTokens, totalTokens, new BigDecimal(estimatedCostUsd));
        } catch (NumberFormatException e) {
            throw new InvalidUsageException("estimatedCostUsd is not a decimal number: '" + estimatedCostUsd + "'");
        }
    }

    /** A delta whose cost is given as a double, read by its shortest decimal form ({@code 0.007} stays 0.007). */
    public static UsageDelta of(long inputTokens, long outputTokens, long totalTokens, double estimatedCostUsd) {
        if (!Double.isFinite(estimatedCostUsd)) {
            throw new InvalidUsageException("estimatedCostUsd must be a finite number, got " + estimatedCostUsd);
        }
        return new UsageDelta(inputTokens, outputTokens, totalTokens, BigDecimal.valueOf(estimatedCostUsd));
    }

    /** True when every counter and the cost are zero; recording such a delta writes nothing. */
    public boolean isZero() {
        return inputTokens == 0 && outputTokens == 0 && totalTokens == 0 && estimatedCostUsd.signum() == 0;
    }

    private static void requireNonNegative(String field, long value) {
        if (value < 0) {
            throw new InvalidUsageException(field + " must not be negative, got " + value);
        }
    }

    /**
     * Canonical form of a cost: no trailing zeros, scale at least 0, so equal amounts are equal values.
     * Refuses null, negative, too precise or too large amounts.
     */
    static BigDecimal normalizeCost(BigDecimal cost) {
        if (cost == null) {
            throw new InvalidUsageException("estimatedCostUsd must not be null");
        }
        if (cost.signum() < 0) {
            throw new InvalidUsageException("estimatedCostUsd must not be negative, got " + cost.toPlainString());
        }
        BigDecimal stripped = cost.signum() == 0 ? BigDecimal.ZERO : cost.stripTrailingZeros();
        if (stripped.scale() < 0) {
            stripped = stripped.setScale(0);
        }
        if (stripped.scale() > MAX_COST_SCALE) {
            throw new InvalidUsageException("estimatedCostUsd has more than " + MAX_COST_SCALE
                    + " decimal places: " + cost.toPlainString());
        }
        if (stripped.compareTo(COST_LIMIT) >= 0) {
            throw new InvalidUsageException("estimatedCostUsd must be below 10^18, got " + cost.toPlainString());
        }
        return stripped;
    }
}
