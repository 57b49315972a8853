package dev.tau4j.testing;

import java.util.List;

/**
 * No PostgreSQL could be provisioned: says what was tried, in order, and why each attempt failed.
 * The message never contains a password.
 */
public final class ProvisioningException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<ProviderAttempt> attempts;

    public ProvisioningException(String message, List<ProviderAttempt> attempts) {
        super(message + describe(attempts));
        this.attempts = List.copyOf(attempts);
    }

    /** Every provider considered, in order. */
    public List<ProviderAttempt> attempts() {
        return attempts;
    }

    private static String describe(List<ProviderAttempt> attempts) {
        StringBuilder sb = new StringBuilder();
        sb.append(System.lineSeparator()).append("Tried, in order:");
        int i = 1;
        for (ProviderAttempt attempt : attempts) {
            sb.append(System.lineSeparator()).append("  ").append(i++).append(". ").append(attempt);
        }
        return sb.toString();
    }
}
