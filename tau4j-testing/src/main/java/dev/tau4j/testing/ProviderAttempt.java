package dev.tau4j.testing;

import java.util.Objects;

/**
 * What happened when {@link PostgresProvisioner} considered one provider.
 *
 * @param provider the provider's name
 * @param outcome  what happened
 * @param detail   why, in words (never a secret)
 */
public record ProviderAttempt(String provider, Outcome outcome, String detail) {

    public ProviderAttempt {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
    }

    /** The outcome of considering one provider. */
    public enum Outcome {
        /** The provider cannot be used here (e.g. no Docker engine, no URL given). */
        NOT_AVAILABLE,
        /** The provider was tried and its database did not start or did not answer. */
        FAILED,
        /** The provider's database started and answered {@code select version()}. */
        READY
    }

    @Override
    public String toString() {
        return provider + ": " + outcome.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ": " + detail;
    }
}
