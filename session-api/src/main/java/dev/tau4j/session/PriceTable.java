package dev.tau4j.session;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Prices of models, in US dollars per million tokens, as exact decimals: the cost of a response is
 * {@code input × inputPrice / 10⁶ + output × outputPrice / 10⁶}, computed without rounding. A price has at
 * most 6 decimal places, so a cost fits the 12 places of {@link UsageDelta}. Immutable.
 *
 * <pre>{@code
 * PriceTable prices = PriceTable.builder().model("gpt-4o-mini", "0.15", "0.60").build();
 * }</pre>
 */
public final class PriceTable {

    /** No prices: costs are zero. */
    public static final PriceTable NONE = builder().build();

    private final Map<String, Price> prices;

    /**
     * The price of one model, per million tokens.
     *
     * @param inputPerMillion  US dollars per million input tokens, 0 or more, at most 6 decimal places
     * @param outputPerMillion US dollars per million output tokens, likewise
     */
    public record Price(BigDecimal inputPerMillion, BigDecimal outputPerMillion) {
        /** @throws IllegalArgumentException when a price is negative or has more than 6 decimal places */
        public Price {
            check(inputPerMillion, "input");
            check(outputPerMillion, "output");
        }

        private static void check(BigDecimal price, String what) {
            Objects.requireNonNull(price, what + " price");
            if (price.signum() < 0 || price.stripTrailingZeros().scale() > 6) {
                throw new IllegalArgumentException(what + " price per million tokens must be >= 0 with at most 6 "
                        + "decimal places, got " + price.toPlainString());
            }
        }
    }

    private PriceTable(Map<String, Price> prices) {
        this.prices = Map.copyOf(prices);
    }

    /** Starts an empty table. */
    public static Builder builder() {
        return new Builder();
    }

    /** The price of {@code model}, if the table has it. */
    public Optional<Price> price(String model) {
        return model == null ? Optional.empty() : Optional.ofNullable(prices.get(model));
    }

    /** The exact cost of {@code input} and {@code output} tokens of {@code model}; zero for a model without a price. */
    public BigDecimal cost(String model, long input, long output) {
        return price(model).map(p -> p.inputPerMillion().multiply(BigDecimal.valueOf(input))
                        .add(p.outputPerMillion().multiply(BigDecimal.valueOf(output))).movePointLeft(6))
                .orElse(BigDecimal.ZERO);
    }

    /**
     * The usage of one response of {@code model}, with its exact cost.
     *
     * @throws InvalidUsageException when a count is negative
     */
    public UsageDelta usage(String model, long input, long output, long total) {
        return new UsageDelta(input, output, total, cost(model, input, output));
    }

    @Override
    public String toString() {
        return "PriceTable" + new TreeMap<>(prices);
    }

    /** Builds a {@link PriceTable}. */
    public static final class Builder {
        private final Map<String, Price> prices = new TreeMap<>();

        private Builder() {
        }

        /** The price of {@code model}, in US dollars per million tokens, given as decimal text (e.g. {@code "0.15"}). */
        public Builder model(String model, String inputPerMillion, String outputPerMillion) {
            prices.put(Objects.requireNonNull(model, "model"),
                    new Price(new BigDecimal(inputPerMillion), new BigDecimal(outputPerMillion)));
            return this;
        }

        public PriceTable build() {
            return new PriceTable(prices);
        }
    }
}
