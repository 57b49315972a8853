package dev.tau4j.testing;

import dev.tau4j.testing.internal.EmbeddedBinaries;
import dev.tau4j.testing.internal.EmbeddedProvider;
import dev.tau4j.testing.internal.EnvironmentUrlProvider;
import dev.tau4j.testing.internal.ReadinessProbe;
import dev.tau4j.testing.internal.Redaction;
import dev.tau4j.testing.internal.Teardown;
import dev.tau4j.testing.internal.TestcontainersProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Provisions a PostgreSQL by trying providers in a fixed, logged order; the standard order is
 * <ol>
 *   <li>a URL given in the environment ({@value PostgresSettings#URL_VARIABLE}, else
 *       {@value PostgresSettings#TAU_DSN_VARIABLE}) — explicit: if it cannot be used, provisioning fails and
 *       never falls back to another database;</li>
 *   <li>a Testcontainers container, when a Docker engine is usable;</li>
 *   <li>embedded PostgreSQL binaries from Maven Central.</li>
 * </ol>
 * A provider counts only once its database answers {@code select version()} within the provider's
 * readiness budget. A database that was started but never became ready is torn down before the next
 * provider is tried. When nothing can be provisioned, a {@link ProvisioningException} names every
 * provider and why it was not used.
 */
public final class PostgresProvisioner {

    private static final Logger LOG = LoggerFactory.getLogger("dev.tau4j.testing");

    private final List<PostgresProvider> providers;

    /** A provisioner that tries {@code providers} in this order. */
    public PostgresProvisioner(List<PostgresProvider> providers) {
        if (providers.isEmpty()) {
            throw new IllegalArgumentException("at least one provider");
        }
        this.providers = List.copyOf(providers);
    }

    /** The standard order (environment URL, Testcontainers, embedded) for these settings. */
    public static PostgresProvisioner standard(PostgresSettings settings) {
        return new PostgresProvisioner(List.of(
                new EnvironmentUrlProvider(settings.environmentUrl(), settings.givenUrlTimeout()),
                new TestcontainersProvider(settings.major(), settings.startTimeout()),
                new EmbeddedProvider(settings.major(), settings.binariesDirectory(),
                        EmbeddedBinaries.architecture(System.getProperty("os.arch", "")), settings.startTimeout())));
    }

    /** The providers, in the order they are tried. */
    public List<PostgresProvider> providers() {
        return providers;
    }

    /**
     * Tries each provider in order and returns the first database that answers.
     *
     * @throws ProvisioningException when no provider yields a database, or an explicit one fails
     */
    public ProvisionedPostgres provision() {
        LOG.info("PostgreSQL provider order: {}",
                providers.stream().map(PostgresProvider::name).collect(Collectors.joining(" -> ")));
        long begin = System.nanoTime();
        List<ProviderAttempt> attempts = new ArrayList<>();
        for (PostgresProvider provider : providers) {
            Optional<String> unavailable = unavailableReason(provider);
            if (unavailable.isPresent()) {
                LOG.info("PostgreSQL provider {}: not available: {}", provider.name(), unavailable.get());
                attempts.add(new ProviderAttempt(provider.name(), ProviderAttempt.Outcome.NOT_AVAILABLE,
                        unavailable.get()));
                continue;
            }
            LOG.info("PostgreSQL provider {}: trying", provider.name());
            StartedPostgres started = null;
            Teardown teardown = null;
            try {
                started = provider.start();
                teardown = new Teardown(provider.name() + " (" + started.description() + ")", started.stop());
                LOG.info("PostgreSQL provider {}: {} at {}; waiting up to {} s for select version()",
                        provider.name(), started.description(), started.url().masked(),
                        provider.readinessBudget().toSeconds());
                ReadinessProbe.ServerInfo info = ReadinessProbe.await(started.url(), provider.readinessBudget());
                Duration took = Duration.ofNanos(System.nanoTime() - begin);
                attempts.add(new ProviderAttempt(provider.name(), ProviderAttempt.Outcome.READY,
                        started.description() + ", PostgreSQL " + info.serverVersion()));
                LOG.info("PostgreSQL provider {}: ready in {} ms: {}", provider.name(), took.toMillis(), info.version());
                return new ProvisionedPostgres(provider.name(), started.description(), provider.explicit(), started.url(),
                        info.version(), info.serverVersion(), info.major(), took, attempts, teardown);
            } catch (Exception | LinkageError e) {
                String detail = (started == null ? "" : started.description() + " at " + started.url().masked() + ": ")
                        + Redaction.describe(e, started == null ? null : started.url());
                if (teardown != null) {
                    teardown.run();
                }
                attempts.add(new ProviderAttempt(provider.name(), ProviderAttempt.Outcome.FAILED, detail));
                LOG.error("PostgreSQL provider {}: failed: {}", provider.name(), detail);
                if (provider.explicit()) {
                    throw new ProvisioningException("The PostgreSQL given in the environment cannot be used, and a"
                            + " database given explicitly is never replaced by another one.", attempts);
                }
            }
        }
        throw new ProvisioningException("No PostgreSQL could be provisioned.", attempts);
    }

    private static Optional<String> unavailableReason(PostgresProvider provider) {
        try {
            return provider.unavailableReason();
        } catch (RuntimeException | LinkageError e) {
            return Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
